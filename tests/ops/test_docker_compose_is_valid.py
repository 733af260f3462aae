from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from tests.ops.helpers import ROOT


def compose_command() -> list[str] | None:
    """Docker Compose v2 (``docker compose``) when installed, else v1 (``docker-compose``)."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_file_passes_compose_config():
    command = compose_command()
    if command is None:
        pytest.skip("needs docker compose or docker-compose (Debian package) to validate")
    result = subprocess.run([*command, "config", "-q"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_compose_runs_the_five_services_with_health_checks():
    config = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = config["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, name
    assert "gunicorn config.wsgi" in services["web"]["command"]
    mounted = " ".join(services["postgres"]["volumes"])
    assert "pg_roles.sh" in mounted and "/docker-entrypoint-initdb.d/" in mounted
