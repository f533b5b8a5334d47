"""Pages with personal data are never stored by a browser or a proxy cache: every answer to a
signed-in person and every download carries `Cache-Control: private, no-store`; public pages
stay cacheable (issue #13)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from events.models import CalendarFeed
from events.services import registrations
from jetcareer.accounts.models import User
from jetcareer.web.middleware import PrivateCacheControlMiddleware
from participants import services as participant_services
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db


def directives(response: HttpResponse) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def is_private_no_store(response: HttpResponse) -> bool:
    return {"private", "no-store"} <= directives(response)


@pytest.fixture
def participant(alice: User):
    profile = ProfileFactory(user=alice)
    registration = registrations.register(event=EventFactory(), profile=profile)
    return profile, registration


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_of_a_signed_in_participant_are_private(participant) -> None:
    profile, registration = participant
    client = signed_in(profile.user)
    for url in (
        reverse("participants:profile"),
        reverse("participants:my_page"),
        reverse("events:mine"),
        reverse("events:ticket", kwargs={"token": registration.ticket_token}),
        reverse("portal:home"),  # public page, but it greets the person by name
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_downloads_are_private(participant) -> None:
    profile, registration = participant
    participant_services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf"))
    client = signed_in(profile.user)
    for url in (
        reverse("events:ticket_ics", kwargs={"token": registration.ticket_token}),
        reverse("participants:cv_download", args=[profile.pk]),
        reverse("participants:export"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert is_private_no_store(response), url


def test_private_calendar_feed_is_not_cached_although_nobody_signs_in(participant) -> None:
    profile, _registration = participant
    feed = CalendarFeed.objects.create(participant=profile)
    response = Client().get(reverse("events:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert is_private_no_store(response)


def test_staff_report_download_and_admin_are_private(staff: User) -> None:
    client = signed_in(staff)
    csv = client.get(reverse("reports:fiscal_year_csv", kwargs={"year": 2025}))
    assert csv.status_code == 200
    assert is_private_no_store(csv)
    admin = client.get(reverse("admin:index"))
    assert is_private_no_store(admin)


def test_public_pages_stay_cacheable_for_anonymous_visitors(client: Client) -> None:
    for url in (reverse("portal:home"), reverse("events:list"), reverse("portal:announcements")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" not in directives(response), url
        assert "private" not in directives(response), url


def test_an_anonymous_attachment_is_private() -> None:
    def view(request):
        response = HttpResponse("a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = PrivateCacheControlMiddleware(view)(request)
    assert response["Cache-Control"] == "private, no-store"


def test_a_view_that_sets_its_own_cache_control_keeps_it(alice: User) -> None:
    def view(request):
        response = HttpResponse("public")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = RequestFactory().get("/")
    request.user = alice
    response = PrivateCacheControlMiddleware(view)(request)
    assert response["Cache-Control"] == "public, max-age=60"
