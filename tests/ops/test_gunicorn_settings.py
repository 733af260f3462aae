"""``config/gunicorn.py``: threaded workers by default (cores + 1 processes of 4 threads), both
numbers from the environment, one thread meaning sync workers; gunicorn accepts every value."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest
from django.conf import settings

SETTINGS_FILE = Path(settings.BASE_DIR) / "config" / "gunicorn.py"


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(SETTINGS_FILE))
    from gunicorn.config import Config

    config = Config()
    for name, value in values.items():
        if name in config.settings:
            config.set(name, value)  # raises on a value gunicorn does not accept
    return values


def test_default_is_threaded_workers_one_more_than_the_cores(monkeypatch):
    values = gunicorn_settings(monkeypatch)
    assert values["workers"] == (os.cpu_count() or 1) + 1
    assert values["threads"] == 4
    assert values["worker_class"] == "gthread"


def test_the_environment_sets_processes_and_threads(monkeypatch):
    values = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="2", GUNICORN_THREADS="8")
    assert (values["workers"], values["threads"], values["worker_class"]) == (2, 8, "gthread")


def test_one_thread_is_the_sync_worker(monkeypatch):
    values = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_THREADS="1")
    assert (values["workers"], values["worker_class"]) == (5, "sync")
