"""Home page, language switch, page furniture and the health endpoint."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.models import Event
from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_home_explains_the_portal_in_english(client: Client) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    assert "JET Career Portal" in html
    assert "career fairs, webinars, trainings" in html
    assert 'lang="en"' in html


def test_home_in_japanese_from_the_browser_language(client: Client) -> None:
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'lang="ja"' in html
    assert "キャリア" in html
    assert "ログイン" in html


def test_language_switch_sets_cookie_and_returns_to_page(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert response.cookies["django_language"].value == "ja"
    assert "ログイン" in client.get("/accounts/login/").content.decode()


def test_login_keeps_the_page_language_chosen_on_this_device(client: Client) -> None:
    UserFactory(email="yuki@example.com", preferred_language="ja")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("account_login"), {"login": "yuki@example.com", "password": PASSWORD})
    assert "Log out" in client.get("/").content.decode()


def test_login_on_a_new_device_shows_the_stored_language(client: Client) -> None:
    UserFactory(email="yuki@example.com", preferred_language="ja")
    client.post(reverse("account_login"), {"login": "yuki@example.com", "password": PASSWORD})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"


def test_language_switch_refuses_get(client: Client) -> None:
    assert client.get(reverse("set_language")).status_code == 405


def test_home_lists_upcoming_and_past_demo_events(client: Client, demo: None) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    upcoming, past = html.split("Past events")
    assert "CLAIR JET Career Fair 2027: Osaka" in upcoming
    assert "CLAIR JET Career Fair 2024: Tokyo" in past
    assert "2024: Tokyo" not in upcoming


def test_home_shows_japanese_event_titles_in_japanese(client: Client, demo: None) -> None:
    html = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "JET青年のためのキャリアフェア2027 大阪会場" in html


def test_home_hides_unpublished_events(client: Client, demo: None) -> None:
    Event.objects.filter(slug="fair-2027-osaka").update(is_published=False)
    assert "2027: Osaka" not in client.get(reverse("portal:home")).content.decode()


def test_pages_load_no_third_party_script_or_inline_script(client: Client) -> None:
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "expected the vendored scripts"
    assert all('src="/static/' in attrs for attrs in scripts)
    assert not re.search(r"""(src|href)=["']https?://""", html.split("<footer")[0])
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src.strip() == "'self'"


def test_pages_have_landmarks_skip_link_and_language_switcher(client: Client) -> None:
    html = client.get(reverse("account_login")).content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<nav" in html
    assert "<footer" in html
    assert 'name="language" value="ja"' in html
    assert "03-5213-1727" in html  # CLAIR Coordination Division in the footer


def test_navigation_depends_on_role(client: Client, alice: User, erika: User) -> None:
    client.force_login(alice)
    assert "My page" in client.get("/").content.decode()
    client.force_login(erika)
    html = client.get("/").content.decode()
    assert "My organisation" in html
    assert "My page" not in html


def test_missing_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404


def test_health_reports_each_dependency_to_staff(client: Client, staff: User) -> None:
    # Anonymous visitors get the status only (tests/portal/test_health.py).
    client.force_login(staff)
    response = client.get(reverse("health"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}


def test_health_is_503_when_the_cache_fails(client: Client, staff: User, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "set", broken)
    client.force_login(staff)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: ConnectionError"


def test_liveness_touches_no_dependency(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = client.get(reverse("health_live"))
    assert response.content == b"ok"
