"""PostgreSQL restarted while a settlement job runs (issue 18, item 8): the job is retried and
the quarter is paid once: the end state equals a clean run's (the same run, statements,
lines and amounts; nothing twice).

Never the shared server: the test starts a throwaway cluster of its own (``initdb`` into a
temporary directory, a free port), creates the roles with ``scripts/pg_roles.sh``, migrates,
seeds the worked example's quarter and copies that database as the clean one. The job runs in
``tests/faults/pg_restart_driver.py`` (its own process, a real worker thread on Redis), which
restarts the cluster once at the settlement's fault point: the statements are written inside
the job's transaction, not committed. The transaction is lost with the connection; the task
retries on the lost connection (``participatie.kernel.jobs``, ``TenantTask``) after the
broken connection is closed, and settles again from the start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not (PG_BIN / "initdb").exists(), reason=f"needs the PostgreSQL 15 binaries in {PG_BIN}"
    ),
    pytest.mark.skipif(shutil.which("runuser") is None, reason="needs runuser"),
]


def as_postgres(*command: str) -> list[str]:
    """initdb and the server refuse to run as root: run them as the ``postgres`` user."""
    if os.geteuid() != 0:
        return list(command)
    return ["runuser", "-u", "postgres", "--", *command]


class Cluster:
    def __init__(self, data: Path, port: int) -> None:
        self.data, self.port = data, port

    def url(self, database: str, user: str = "participatie_owner") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def psql(self, *args: str) -> None:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qAt", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    base = Path(tempfile.mkdtemp(prefix="participatie-faults-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    port = free_port()
    subprocess.run(
        as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(base / "log"),
            "start",
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [
                "bash",
                str(ROOT / "scripts/pg_roles.sh"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
            ],
            check=True,
        )
        yield Cluster(data, port)
    finally:
        subprocess.run(
            as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
            check=False,
            stdout=subprocess.DEVNULL,
        )
        shutil.rmtree(base, ignore_errors=True)


def run(cluster: Cluster, database: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": cluster.url(database),
        "DATABASE_APP_ROLE": "participatie_app",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def seeded(cluster: Cluster) -> Cluster:
    """The migrated database with the worked example's quarter, and a copy for the clean run."""
    run(cluster, "participatie", "manage.py", "migrate", "--no-input", "-v", "0")
    run(cluster, "participatie", "-m", "tests.faults.pg_restart_driver", "seed")
    cluster.psql("-c", "CREATE DATABASE clean TEMPLATE participatie OWNER participatie_owner")
    return cluster


def settle(cluster: Cluster, database: str, *restart: str) -> dict:
    out = run(cluster, database, "-m", "tests.faults.pg_restart_driver", "settle", *restart)
    return json.loads(out.strip().splitlines()[-1])


def test_a_restart_mid_settlement_is_retried_and_pays_once(seeded: Cluster) -> None:
    clean = settle(seeded, "clean")
    restarted = settle(seeded, "participatie", "--restart", str(seeded.data))

    assert (clean["restarts"], clean["retries"]) == (0, [])
    assert restarted["restarts"] == 1
    assert restarted["retries"] and set(restarted["retries"]) <= {
        "OperationalError",
        "InterfaceError",
    }, restarted["retries"]
    assert restarted["runs"] == [
        {"status": "done", "statement_count": 1, "year": 2022, "quarter": 1}
    ]
    for key in ("runs", "statements", "lines"):
        assert restarted[key] == clean[key], key
    # The worked example (tests/subsidies/test_settle_quarter.py), once.
    assert [line["amount"] for line in restarted["lines"]] == ["157.53", "210.96"]
    assert [s["total"] for s in restarted["statements"]] == ["443.49"]
