"""Real Celery workers (one of them with embedded beat) against Redis and the test database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from jetcareer.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
# "Task jetcareer.outbox.tasks.deliver_outbox[<id>] succeeded in 1.2s: 57" (loglevel INFO); the
# sweep returns what the delivery it ran sent.
DELIVERED = re.compile(r"(?:deliver|sweep)_outbox\[[^\]]+\] succeeded in [\d.e-]+s: (\d+)")


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


@dataclass
class Worker:
    """One worker process; its log (stdout and stderr) is a file in the test's tmp_path."""

    name: str  # the node name before "@host"
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def is_ready(self) -> bool:
        return re.search(rf"\] {re.escape(self.name)}@\S+ ready\.", self.log_text()) is not None

    def delivered(self) -> int:
        """Messages this worker's deliver_outbox tasks reported as sent (from its log)."""
        return sum(int(n) for n in DELIVERED.findall(self.log_text()))

    def stop(self, timeout: float = 30.0) -> None:
        """Warm shutdown: the task in hand is finished first; killed if it takes too long."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process.returncode not in (0, -15):
            print(f"--- {self.name} exited with {self.process.returncode}:\n{self.log_text()}")


StartWorkers = Callable[..., list[Worker]]


@pytest.fixture
def start_workers(live_celery: None, tmp_path: Path) -> Iterator[StartWorkers]:
    """`start_workers(count, env={...}, beat=True)` starts `count` worker processes (solo pool,
    one task at a time each), the first with embedded beat sweeping the outbox every second,
    with `env` added to their environment. All are stopped when the test ends."""
    started: list[Worker] = []
    db = settings.DATABASES["default"]

    def start(
        count: int = 1, *, env: Mapping[str, str] | None = None, beat: bool = True
    ) -> list[Worker]:
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "jetcareer.settings_test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "OUTBOX_SWEEP_SECONDS": "1",
            **(env or {}),
        }
        workers = []
        for index in range(count):
            node = f"w{len(started) + 1}-{uuid.uuid4().hex[:6]}"
            with_beat = beat and index == 0
            log_path = tmp_path / f"{node}.log"
            with log_path.open("w") as log:
                beat_args = ["--beat", "--schedule", str(tmp_path / f"{node}-beat")]
                process = subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "jetcareer", "worker",
                     "-n", f"{node}@%h", *(beat_args if with_beat else []),
                     "--pool=solo", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", "--without-heartbeat"],
                    cwd=ROOT, env=worker_env, stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
            worker = Worker(name=node, process=process, log=log_path)
            started.append(worker)
            workers.append(worker)
        connection.close()  # the workers open their own connections to the test database
        return workers

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()


@pytest.fixture
def worker(start_workers: StartWorkers) -> subprocess.Popen:
    """A worker process with embedded beat sweeping the outbox every second."""
    return start_workers(1)[0].process


def wait_for(condition, timeout: float = 30.0, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s: {message}")


def wait_until_ready(workers: list[Worker], timeout: float = 30.0) -> None:
    """Until every worker has connected to the broker and takes tasks."""
    for worker in workers:
        if worker.process.poll() is not None:
            raise AssertionError(f"{worker.name} exited:\n{worker.log_text()}")
    wait_for(lambda: all(w.is_ready() for w in workers), timeout, "workers not ready")
