"""/health/ tells anyone whether the portal is up, and only staff and monitoring (HEALTH_TOKEN)
which dependency is down (issue #13)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from jetcareer.accounts.models import User

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-health-token"


@pytest.fixture
def cache_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)


def test_anonymous_visitor_learns_only_that_the_portal_is_up(client: Client) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_anonymous_visitor_learns_only_that_the_portal_is_down(
    client: Client, cache_down: None
) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"cache" not in response.content
    assert b"ConnectionError" not in response.content


def test_staff_see_which_dependency_is_down(client: Client, staff: User, cache_down: None) -> None:
    client.force_login(staff)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"] == "error: ConnectionError"
    assert body["checks"]["database"] == "ok"


def test_participant_sees_no_details(client: Client, alice: User, cache_down: None) -> None:
    client.force_login(alice)
    assert client.get(reverse("health")).json() == {"status": "unavailable"}


@override_settings(HEALTH_TOKEN=TOKEN)
def test_monitoring_with_the_token_header_sees_the_details(cache_down: None) -> None:
    response = Client().get(reverse("health"), headers={"X-Health-Token": TOKEN})
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: ConnectionError"


@override_settings(HEALTH_TOKEN=TOKEN)
def test_monitoring_with_the_token_parameter_sees_the_details() -> None:
    response = Client().get(reverse("health"), {"token": TOKEN})
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache", "broker"}


@override_settings(HEALTH_TOKEN=TOKEN)
@pytest.mark.parametrize("given", ["wrong", TOKEN[:-1], TOKEN + "x", ""])
def test_a_wrong_token_sees_no_details(given: str) -> None:
    response = Client().get(reverse("health"), {"token": given}, headers={"X-Health-Token": given})
    assert response.json() == {"status": "ok"}


@override_settings(HEALTH_TOKEN="")
def test_without_a_configured_token_an_empty_one_opens_nothing() -> None:
    response = Client().get(reverse("health"), {"token": ""}, headers={"X-Health-Token": ""})
    assert response.json() == {"status": "ok"}


def test_a_cache_that_reads_nothing_back_is_unhealthy(
    client: Client, staff: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portal's cache answers like an empty one while Redis is down (jetcareer.cache)."""
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    client.force_login(staff)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: value not read back"


def test_liveness_answers_anyone_with_no_detail(client: Client) -> None:
    response = client.get(reverse("health_live"))
    assert response.status_code == 200
    assert response.content == b"ok"
