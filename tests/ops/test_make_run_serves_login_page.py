"""Smoke test of what ``make run`` starts: ``make serve`` (migrate, load_demo, runserver) on a
fresh SQLite database, then the login page over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.ops.helpers import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_serve_answers_with_the_login_form(tmp_path):
    port = free_port()
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env = {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 - read back after the server stops
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PY={sys.executable}", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # runserver's autoreloader forks: stop the whole group
    )
    try:
        # Wait for the server itself, not for a clock: migrate and the demo data take as long as
        # a busy machine needs. Polling ends when the server answers or the process exits (a
        # failed migrate); a server that hangs for good is stopped by the CI job's time limit.
        page = None
        while server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as response:
                    page = (response.status, response.read().decode())
                break
            except OSError:
                time.sleep(0.5)
        log.seek(0)
        output = log.read()
        assert page is not None, f"server did not answer:\n{output}"
        status, body = page
        assert status == 200
        assert "<form" in body and 'name="login"' in body and 'name="password"' in body
        assert "accounthouder@dordrecht.example.nl" in output
        assert f"http://127.0.0.1:{port}/" in output
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        log.close()
