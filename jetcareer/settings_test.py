"""Test-only overrides. Real PostgreSQL and Redis are used when reachable, and required when
CI=true: a missing service stops the run with a message saying how to start it."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from jetcareer.settings import *  # noqa: F403
from jetcareer.settings import POST_OFFICE, STORAGES, env

PG_URL = env("TEST_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/jetcareer")
TEST_REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
IN_CI = env.bool("CI", default=False)

HOW_TO_START = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no",
}


def reachable(url: str) -> bool:
    parsed = env.db_url_config(url) if url.startswith("postgres") else None
    host, port = (
        (parsed["HOST"], int(parsed["PORT"] or 5432))
        if parsed
        else (url.split("//")[1].split(":")[0], int(url.rsplit(":", 1)[1].split("/")[0]))
    )
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(service: str, url: str) -> bool:
    if reachable(url):
        return True
    if IN_CI:
        raise ImproperlyConfigured(
            f"CI=true needs {service} at {url}, and it is not reachable. "
            f"Start it with: {HOW_TO_START[service]}"
        )
    return False


USE_POSTGRES = require("PostgreSQL", PG_URL)
USE_REDIS = require("Redis", TEST_REDIS_URL)

if os.environ.get("DATABASE_URL"):
    # A Celery worker started by a test points straight at the test database.
    DATABASES = {"default": env.db("DATABASE_URL")}
elif USE_POSTGRES:
    DATABASES = {"default": env.db_url_config(PG_URL)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {"options": "-c lock_timeout=5000"}

if USE_REDIS:
    CACHES = {
        "default": {
            "BACKEND": "jetcareer.cache.FailOpenRedisCache",  # as in production
            "LOCATION": TEST_REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            # One prefix per run (shared with the worker a test starts) so runs never collide.
            "KEY_PREFIX": os.environ.setdefault("TEST_CACHE_PREFIX", uuid.uuid4().hex[:12]),
        }
    }
    CELERY_BROKER_URL = TEST_REDIS_URL
    CELERY_RESULT_BACKEND = TEST_REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None

# A queue of this run's own, so a worker started by a test never takes another run's tasks.
CELERY_TASK_DEFAULT_QUEUE = (
    f"jetcareer-test-{os.environ.setdefault('TEST_CACHE_PREFIX', uuid.uuid4().hex[:12])}"
)
# Tasks run in the test process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
POST_OFFICE = {
    **POST_OFFICE,
    "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
}
# A worker started by the exactly-once test (tests/reliability/test_exactly_once.py) delivers
# over real SMTP to the sink that test runs on 127.0.0.1:TEST_SMTP_PORT, and retries a failed
# message after OUTBOX_RETRY_SECONDS. Unset, mail stays in Django's locmem outbox as above.
if TEST_SMTP_PORT := env.int("TEST_SMTP_PORT", default=0):
    POST_OFFICE["BACKENDS"] = {"default": "django.core.mail.backends.smtp.EmailBackend"}
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = TEST_SMTP_PORT
    EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
    EMAIL_USE_TLS = EMAIL_USE_SSL = False
    EMAIL_TIMEOUT = 10
if os.environ.get("OUTBOX_RETRY_SECONDS"):
    POST_OFFICE["RETRY_INTERVAL"] = timedelta(seconds=env.float("OUTBOX_RETRY_SECONDS"))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Rate limits are switched on again by the tests that prove them.
ACCOUNT_RATE_LIMITS = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
