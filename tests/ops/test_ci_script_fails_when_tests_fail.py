"""``.ci/run`` must pass on the exit status of ``make test``; checked with a stand-in ``make``.

Runs only in CI (it may install Debian packages and starts PostgreSQL and Redis when needed).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.ops.helpers import ROOT


def run_ci(tmp_path, make_exit: int) -> subprocess.CompletedProcess:
    fake_make = tmp_path / "make"
    fake_make.write_text(
        "#!/bin/sh\n"
        'echo "make $*"\n'
        "env | grep -E '^(DATABASE_URL|DATABASE_APP_ROLE|REDIS_URL)='\n"
        f"exit {make_exit}\n"
    )
    fake_make.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


@pytest.mark.skipif(os.environ.get("CI") != "true", reason="runs in CI only (CI=true)")
def test_ci_script_runs_make_test_against_postgres_and_redis_and_fails_with_it(tmp_path):
    passing = run_ci(tmp_path, 0)
    assert passing.returncode == 0, passing.stderr
    assert "make test" in passing.stdout
    assert "DATABASE_URL=postgres://participatie_owner@127.0.0.1:5432/participatie" in (
        passing.stdout
    )
    assert "DATABASE_APP_ROLE=participatie_app" in passing.stdout
    assert "REDIS_URL=redis://127.0.0.1:6379/0" in passing.stdout

    failing = run_ci(tmp_path, 3)
    assert failing.returncode == 3


def test_ci_script_is_strict_bash():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in script
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")]).returncode == 0
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
