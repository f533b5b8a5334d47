"""A real Celery worker (with embedded beat) against Redis and the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from jetcareer.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def needs_services() -> None:
    # Under CI=true settings_test refuses to start without them, so this never skips there.
    if not (settings.USE_POSTGRES and settings.USE_REDIS):
        pytest.skip("needs PostgreSQL and Redis (required and present under CI=true)")


@pytest.fixture
def live_celery(transactional_db: None) -> Iterator[None]:
    """Send tasks to the broker instead of running them in the test process."""
    needs_services()
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def worker(live_celery: None, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A worker process with embedded beat sweeping the outbox every second."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "OUTBOX_SWEEP_SECONDS": "1",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jetcareer", "worker", "--beat",
         "--schedule", str(tmp_path / "beat-schedule"), "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    connection.close()  # the worker opens its own connections to the test database
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        if process.returncode not in (0, -15):
            print((tmp_path / "worker.log").read_text())


def wait_for(condition, timeout: float = 30.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s: {message}")
