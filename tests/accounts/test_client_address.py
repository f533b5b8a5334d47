"""Behind the TLS proxy, every rate limit counts the visitor's address, not the proxy's: one
visitor's failed logins or contact messages never lock out another (issue #13)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from jetcareer.accounts.adapter import client_ip
from jetcareer.accounts.models import User
from portal.forms import TIMESTAMP_SALT
from portal.models import Inquiry, Topic
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the TLS proxy: every request reaches the portal from this address
VISITOR = "203.0.113.7"
OTHER_VISITOR = "198.51.100.9"
REFUSED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def behind_one_proxy() -> Iterator[None]:
    """As docker-compose.yml runs the portal: one proxy, rate limits on, a private cache."""
    with override_settings(
        ALLAUTH_TRUSTED_PROXY_COUNT=1,
        ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        cache.clear()
        yield


def via_proxy(forwarded_for: str) -> dict[str, str]:
    """What the portal sees: the proxy's address, and the proxy's X-Forwarded-For, which is
    whatever the visitor sent followed by the visitor's real address."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def fail_logins(times: int, forwarded_for: str) -> None:
    for n in range(times):
        Client().post(
            reverse("account_login"),
            {"login": f"nobody{n}@example.com", "password": "wrong"},
            **via_proxy(forwarded_for),
        )


def log_in(user: User, forwarded_for: str) -> tuple[Client, str]:
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        **via_proxy(forwarded_for),
    )
    return client, response.content.decode()


def test_failed_logins_of_one_visitor_do_not_lock_out_another(alice: User) -> None:
    fail_logins(3, VISITOR)

    _client, page = log_in(alice, VISITOR)
    assert REFUSED in page  # the visitor who failed is held back…

    client, page = log_in(alice, OTHER_VISITOR)
    assert REFUSED not in page  # …the next visitor behind the same proxy is not
    assert "_auth_user_id" in client.session


def test_an_address_the_visitor_prepends_does_not_escape_the_login_limit(alice: User) -> None:
    fail_logins(3, VISITOR)

    # The visitor sends its own X-Forwarded-For; the proxy appends the real address after it.
    client, page = log_in(alice, f"{OTHER_VISITOR}, {VISITOR}")

    assert REFUSED in page
    assert "_auth_user_id" not in client.session


def contact(forwarded_for: str, email: str):
    data = {
        "name": "Emily Carter",
        "email": email,
        "topic": Topic.INTERNSHIPS,
        "message": "Can I apply for the internship in my second year?",
        "language": "en",
        "website": "",
        "rendered_at": signing.dumps(time.time() - 10, salt=TIMESTAMP_SALT),
    }
    return Client().post(reverse("portal:contact"), data, **via_proxy(forwarded_for))


@override_settings(CONTACT_INQUIRIES_PER_HOUR=2)
def test_contact_form_limits_each_visitor_behind_the_proxy_separately() -> None:
    assert contact(VISITOR, "a@example.com").status_code == 302
    assert contact(VISITOR, "b@example.com").status_code == 302
    assert contact(VISITOR, "c@example.com").status_code == 429

    assert contact(OTHER_VISITOR, "d@example.com").status_code == 302
    assert Inquiry.objects.count() == 3


@override_settings(CONTACT_INQUIRIES_PER_HOUR=2)
def test_an_address_the_visitor_prepends_does_not_escape_the_contact_limit() -> None:
    assert contact(VISITOR, "a@example.com").status_code == 302
    assert contact(VISITOR, "b@example.com").status_code == 302

    response = contact(f"{OTHER_VISITOR}, {VISITOR}", "c@example.com")

    assert response.status_code == 429
    assert Inquiry.objects.count() == 2


def test_login_and_contact_limits_read_the_address_through_one_function() -> None:
    request = RequestFactory().post("/", **via_proxy(f"{OTHER_VISITOR}, {VISITOR}"))
    from allauth.account.adapter import get_adapter

    from portal import contact_views

    assert client_ip(request) == VISITOR
    assert get_adapter(request).get_client_ip(request) == VISITOR
    assert contact_views.client_ip is client_ip


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_fewer_forwarded_addresses_than_proxies_falls_back_to_the_peer_not_a_500() -> None:
    """A request that skipped a proxy carries too short a chain; the address that connected is
    the one to count (allauth itself raises ImproperlyConfigured here, a 500)."""
    request = RequestFactory().post("/", **via_proxy(VISITOR))
    assert client_ip(request) == PROXY
    response = Client().post(
        reverse("account_login"),
        {"login": "nobody@example.com", "password": "wrong"},
        **via_proxy(VISITOR),
    )
    assert response.status_code == 200


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored() -> None:
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0):
        request = RequestFactory().post("/", **via_proxy(VISITOR))
        assert client_ip(request) == PROXY


def test_compose_trusts_the_one_proxy_it_runs_behind() -> None:
    from pathlib import Path

    from ruamel.yaml import YAML

    compose = YAML(typ="safe").load((Path(__file__).parents[2] / "docker-compose.yml").read_text())
    for name in ("web", "worker", "beat"):
        assert compose["services"][name]["environment"]["TRUSTED_PROXY_COUNT"] == (
            "${TRUSTED_PROXY_COUNT:-1}"
        )
