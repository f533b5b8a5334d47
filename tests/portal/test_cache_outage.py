"""With Redis down, login, sign-up, password reset and the contact form still answer as usual;
only the rate limits are not enforced, and a warning says so (issue #13)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from jetcareer import cache as fail_open
from jetcareer.accounts.models import User
from jetcareer.settings import ACCOUNT_RATE_LIMITS as PRODUCTION_RATE_LIMITS
from portal.forms import TIMESTAMP_SALT
from portal.models import Inquiry, Topic
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there: every connection is refused


def redis_cache(location: str) -> dict:
    return {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "jetcareer.cache.FailOpenRedisCache",
            "LOCATION": location,
        }
    }


@pytest.fixture
def redis_down(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The production cache backend and rate limits, with Redis unreachable."""
    assert PRODUCTION_RATE_LIMITS  # the policy production runs with, not the tests' "off"
    with override_settings(
        CACHES=redis_cache(CLOSED_PORT), ACCOUNT_RATE_LIMITS=PRODUCTION_RATE_LIMITS
    ):
        caplog.set_level(logging.WARNING, logger="jetcareer.cache")
        yield caplog


def warned(caplog: pytest.LogCaptureFixture) -> bool:
    return any(
        r.name == "jetcareer.cache" and r.levelno == logging.WARNING and "rate limits" in r.message
        for r in caplog.records
    )


def test_login_page_and_login_work_while_redis_is_down(redis_down, alice: User) -> None:
    client = Client()
    assert client.get(reverse("account_login")).status_code == 200

    wrong = client.post(reverse("account_login"), {"login": alice.email, "password": "nope"})
    assert wrong.status_code == 200
    assert "not correct" in wrong.content.decode()

    right = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert right.status_code == 302
    assert "_auth_user_id" in client.session  # sessions live in the database, not the cache
    assert warned(redis_down)


def test_sign_up_works_while_redis_is_down(redis_down) -> None:
    client = Client()
    assert client.get(reverse("account_signup")).status_code == 200
    response = client.post(
        reverse("account_signup"),
        {
            "account_type": "participant",
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="new@example.com").exists()
    assert warned(redis_down)


def test_password_reset_works_while_redis_is_down(redis_down, alice: User) -> None:
    client = Client()
    assert client.get(reverse("account_reset_password")).status_code == 200
    response = client.post(reverse("account_reset_password"), {"email": alice.email})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
    assert warned(redis_down)


def test_contact_form_works_while_redis_is_down(redis_down) -> None:
    client = Client()
    assert client.get(reverse("portal:contact")).status_code == 200
    response = client.post(
        reverse("portal:contact"),
        {
            "name": "Emily Carter",
            "email": "emily@example.com",
            "topic": Topic.INTERNSHIPS,
            "message": "Can I apply for the internship in my second year?",
            "language": "en",
            "website": "",
            "rendered_at": signing.dumps(time.time() - 10, salt=TIMESTAMP_SALT),
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:contact_sent")
    assert Inquiry.objects.count() == 1
    assert warned(redis_down)


# --- the backend ----------------------------------------------------------------------------


def test_unreachable_redis_answers_like_an_empty_cache(redis_down) -> None:
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is True  # "stored": a lock or counter proceeds
    assert cache.set("k", 1) is None
    with pytest.raises(ValueError, match="not found"):  # a missing key, as `incr` reports it
        cache.incr("k")
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # none was stored
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    assert cache.get_or_set("k", 7) == 7


def test_after_a_failure_redis_is_left_alone_for_a_while(
    redis_down, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One refused connection per pause, not one per cache call: a login makes a dozen calls,
    and against a host that drops packets each would wait for the connect timeout."""
    now = [1000.0]
    monkeypatch.setattr(fail_open, "monotonic", lambda: now[0])
    attempts = []
    real = cache._cache.get_client
    monkeypatch.setattr(
        cache._cache, "get_client", lambda *a, **kw: attempts.append(1) or real(*a, **kw)
    )

    cache.get("k")
    cache.add("k", 1)
    cache.set("k", 1)
    assert len(attempts) == 1
    assert len([r for r in redis_down.records if r.name == "jetcareer.cache"]) == 1

    now[0] += fail_open.RETRY_AFTER_SECONDS + 1
    cache.get("k")
    assert len(attempts) == 2  # tried again after the pause, and warned again
    assert len([r for r in redis_down.records if r.name == "jetcareer.cache"]) == 2


@pytest.mark.skipif(not settings.USE_REDIS, reason="needs the test Redis")
def test_reachable_redis_is_used_normally(caplog: pytest.LogCaptureFixture) -> None:
    with override_settings(CACHES=redis_cache(settings.TEST_REDIS_URL)):
        cache.set("fail-open-check", 41)
        assert cache.incr("fail-open-check") == 42
        cache.delete("fail-open-check")
    assert not [r for r in caplog.records if r.name == "jetcareer.cache"]


def test_production_settings_use_the_fail_open_backend_with_short_timeouts() -> None:
    from tests.test_production_settings import PRODUCTION, manage

    code = (
        "from django.conf import settings as s; c = s.CACHES['default'];"
        "print(c['BACKEND'], c['OPTIONS']['socket_connect_timeout'] <= 1,"
        " c['OPTIONS']['socket_timeout'] <= 1, s.SESSION_ENGINE)"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)
    assert result.stdout.split() == [
        "jetcareer.cache.FailOpenRedisCache",
        "True",
        "True",
        "django.contrib.sessions.backends.db",
    ], result.stderr
