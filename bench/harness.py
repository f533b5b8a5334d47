"""What the HTTP benchmarks share: a throw-away PostgreSQL database, production-like settings,
gunicorn on the loopback interface, a load generator and percentiles.

Imported by the scripts beside it (`registration_rush.py`, `pages.py`), which are run from the
project root; nothing here is part of the portal.
"""

from __future__ import annotations

import http.client
import math
import os
import secrets
import socket
import string
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"  # requests go to this machine only
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
REQUEST_TIMEOUT = 30.0  # seconds one request may take before it counts as an error
STARTUP_TIMEOUT = 30.0  # seconds gunicorn has to answer /health/live/
ALNUM = string.ascii_letters + string.digits


def random_alnum(length: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(length))


# --- Database --------------------------------------------------------------------------------


def split_database_url(database_url: str) -> tuple[str, str]:
    """(URL of the `postgres` maintenance database on the same server, the bench db's name).

    Refuses (SystemExit) a database whose name does not contain "bench": it will be dropped.
    """
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must say 'bench'")
    return urlunsplit(parts._replace(path="/postgres")), name


def with_database(database_url: str, name: str) -> str:
    """The same server URL naming another database."""
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_database(admin_url: str, name: str, template: str | None = None) -> None:
    """Create `name` anew (dropped first), empty or as a copy of `template`."""
    drop_database(admin_url, name)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if template:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        else:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        conn.execute(statement)


def database_exists(admin_url: str, name: str) -> bool:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def settings_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Production-like settings, shared by gunicorn and this process (same SECRET_KEY, so the
    sessions written here are valid there). With a Redis URL, tasks are only queued on the
    broker, as in production (no worker runs: the queue is deleted afterwards); without one,
    they run eagerly inside each request after commit."""
    broker = {
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_QUEUE": f"bench-{random_alnum(8)}",
    }
    eager = {"REDIS_URL": "", "CELERY_TASK_ALWAYS_EAGER": "true"}
    return {
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": f"bench-secret-{random_alnum(64)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP; secure cookies only matter to browsers
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        **(broker if redis_url else eager),
        **extra,
    }


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        timeout=900,
    )


def collectstatic(env: dict[str, str]) -> None:
    """Gather static files into env["STATIC_ROOT"] with their manifest: with DEBUG off, pages
    name static files by their hashed names and fail without it."""
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        timeout=300,
    )


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def close_django_connections() -> None:
    from django.db import connections

    connections.close_all()


def drop_queue(redis_url: str, queue: str) -> None:
    """Delete the task messages queued during the run (no worker consumed them) and kombu's
    records of the queue's binding (the queue is its own exchange)."""
    import redis

    redis.Redis.from_url(redis_url).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


def session_for(user: object) -> str:
    """A database session in which `user` is logged in; returns its key (the cookie's value)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    store = SessionStore()
    store.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: MODEL_BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    store.create()
    return store.session_key


# --- Server ----------------------------------------------------------------------------------


def ensure_port_free(port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex((HOST, port)) == 0:
            raise SystemExit(f"{HOST}:{port} is already in use; pick another --port")


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[int]:
    """Run gunicorn (sync workers, one thread each) for the duration of the block and yield
    the master's process id; always stop it afterwards."""
    command = [
        str(VENV_BIN / "gunicorn"),
        "jetcareer.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "1",
    ]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the script, which stops gunicorn itself
        )
        try:
            wait_until_ready(process, port, log)
            yield process.pid
        finally:
            stop(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}):\n{log.read_text()}")
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            conn.request("GET", "/health/live/")
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer /health/live/ within {STARTUP_TIMEOUT:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # gunicorn's graceful shutdown stops its workers too
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's child processes (its workers), from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def rss_kib(pid: int) -> int:
    """Resident memory of a process in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# --- Load ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class Result:
    status: int  # 0: no HTTP answer (connection error, timeout, not sent)
    seconds: float
    location: str
    detail: str
    size: int = 0


@dataclass(frozen=True)
class Run:
    results: list[Result]
    wall: float


def send(conn: http.client.HTTPConnection, request: Request) -> Result:
    start = time.perf_counter()
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()  # the next request on this thread reconnects
        return Result(0, time.perf_counter() - start, "", f"{type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - start
    detail = body[:300].decode("utf-8", "replace")
    return Result(
        response.status, elapsed, response.getheader("Location", ""), detail, size=len(body)
    )


def fire(
    requests: Sequence[Request],
    concurrency: int,
    port: int,
    overall_timeout: float = 300.0,
) -> Run:
    """Send the requests, at most `concurrency` at once, one keep-alive connection per thread.

    Requests not started within `overall_timeout` seconds count as errors.
    (gunicorn's sync workers close the connection after each answer; http.client then reopens
    it for the thread's next request, as a browser would.)"""
    local = threading.local()
    opened: list[http.client.HTTPConnection] = []
    guard = threading.Lock()
    deadline = time.monotonic() + overall_timeout

    def connection() -> http.client.HTTPConnection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            with guard:
                opened.append(conn)
        return conn

    def task(request: Request) -> Result:
        if time.monotonic() > deadline:
            return Result(0, 0.0, "", "not sent: overall timeout")
        return send(connection(), request)

    pool = ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(requests))))
    try:
        began = time.perf_counter()
        futures = [pool.submit(task, request) for request in requests]
        wait(futures, timeout=overall_timeout + REQUEST_TIMEOUT)
        wall = time.perf_counter() - began
        results = [
            f.result() if f.done() else Result(0, 0.0, "", "no answer: overall timeout")
            for f in futures
        ]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        with guard:
            for conn in opened:
                conn.close()
    return Run(results, wall)


def hammer(request: Request, concurrency: int, port: int, seconds: float) -> Run:
    """`concurrency` clients each send `request` again and again for `seconds` (a request
    started before the end is waited for); returns every answer and the time taken."""
    results: list[Result] = []
    guard = threading.Lock()
    began = time.perf_counter()
    deadline = began + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        mine = []
        try:
            while time.perf_counter() < deadline:
                mine.append(send(conn, request))
        finally:
            conn.close()
            with guard:
                results.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(max(1, concurrency))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(results, time.perf_counter() - began)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an ascending sequence (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]
