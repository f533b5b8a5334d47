"""Staff admin: announcements with audiences, filters and publish actions; inquiries with
filters, search and the answered action."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User
from portal.models import Announcement, Audience, Division, Inquiry
from tests.portal.factories import AnnouncementFactory, InquiryFactory

pytestmark = pytest.mark.django_db

ANNOUNCEMENTS = reverse("admin:portal_announcement_changelist")
INQUIRIES = reverse("admin:portal_inquiry_changelist")


@pytest.fixture
def admin_client(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_staff_write_an_announcement_with_several_audiences(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:portal_announcement_add"),
        {
            "title_en": "Follow-up survey",
            "title_ja": "追跡調査",
            "body_en": "Please tell us where you work now.",
            "body_ja": "現在の就職状況を教えてください。",
            "audiences": [Audience.ALUMNI, Audience.CURRENT],
            "slug": "",
            "is_published": "on",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    announcement = Announcement.objects.get()
    assert announcement.audiences == [Audience.CURRENT, Audience.ALUMNI]
    assert announcement.slug == "follow-up-survey"
    assert announcement.is_live


def test_admin_form_needs_an_audience_and_a_title(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:portal_announcement_add"),
        {"title_en": "", "title_ja": "", "body_en": "", "body_ja": "", "slug": ""},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "audiences" in errors
    assert "Give the announcement a title in English or Japanese." in errors["title_en"]
    assert not Announcement.objects.exists()


def test_change_form_shows_the_stored_audiences(admin_client: Client) -> None:
    announcement = AnnouncementFactory(for_businesses=True)
    response = admin_client.get(reverse("admin:portal_announcement_change", args=[announcement.pk]))
    assert response.context["adminform"].form.initial["audiences"] == ["current", "businesses"]


def test_list_filters_per_audience_and_search(admin_client: Client) -> None:
    AnnouncementFactory(title_en="For alumni", for_current=False, for_alumni=True)
    AnnouncementFactory(title_en="For current")
    html = admin_client.get(ANNOUNCEMENTS, {"for_alumni": "1"}).content.decode()
    assert "For alumni" in html
    assert "For current" not in html
    html = admin_client.get(ANNOUNCEMENTS, {"q": "お知らせ"}).content.decode()
    assert "For alumni" in html


def test_publish_and_unpublish_actions(admin_client: Client) -> None:
    drafts = AnnouncementFactory.create_batch(2, draft=True)
    ids = [str(a.pk) for a in drafts]
    response = admin_client.post(
        ANNOUNCEMENTS, {"action": "publish", "_selected_action": ids}, follow=True
    )
    assert "2 announcements published." in response.content.decode()
    assert Announcement.objects.published().count() == 2

    admin_client.post(ANNOUNCEMENTS, {"action": "unpublish", "_selected_action": ids[:1]})
    assert Announcement.objects.published().count() == 1
    assert drafts[0].history.count() == 3  # created, published, unpublished


def test_history_page_opens(admin_client: Client) -> None:
    announcement = AnnouncementFactory()
    url = reverse("admin:portal_announcement_history", args=[announcement.pk])
    assert admin_client.get(url).status_code == 200


def test_inquiries_filter_by_division_and_status_and_search(admin_client: Client) -> None:
    InquiryFactory(email="coord@example.com")
    training = InquiryFactory(email="train@example.com", division=Division.TRAINING)
    html = admin_client.get(INQUIRIES, {"division__exact": "training"}).content.decode()
    assert "train@example.com" in html
    assert "coord@example.com" not in html
    html = admin_client.get(INQUIRIES, {"status__exact": "new"}).content.decode()
    assert "coord@example.com" in html
    html = admin_client.get(INQUIRIES, {"q": training.reference}).content.decode()
    assert "train@example.com" in html
    assert "coord@example.com" not in html


def test_mark_answered_action(admin_client: Client, staff: User) -> None:
    inquiry = InquiryFactory()
    response = admin_client.post(
        INQUIRIES, {"action": "mark_answered", "_selected_action": [inquiry.pk]}, follow=True
    )
    assert "1 inquiry marked as answered." in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert inquiry.answered_by == staff


def test_inquiries_cannot_be_added_by_hand(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:portal_inquiry_add")).status_code == 403
