"""Japanese screens and mails without ASCII brackets or a colon and a space (issue #16
re-walk): a name with its reading 「Emily Carter（エミリー・カーター）」 on my page, CLAIR's
office hours in the mail footer 「03-5213-1727（平日 9:00～17:45、日本時間）」, and
「求人と応募者の一覧：http…」 in the job-approved mail. English keeps "Emily Carter
(エミリー・カーター)"."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jetcareer.outbox.rendering import render_message
from jetcareer.web.dates import format_aside
from tests.jobs.factories import JobFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

EMILY, READING = "Emily Carter", "エミリー・カーター"


def test_a_remark_in_brackets_follows_the_language() -> None:
    with translation.override("ja"):
        assert format_aside(EMILY, READING) == "Emily Carter（エミリー・カーター）"
        assert format_aside("Emily Carter", "") == "Emily Carter"
    with translation.override("en"):
        assert format_aside(EMILY, READING) == "Emily Carter (エミリー・カーター)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "Emily Carter（エミリー・カーター）"), ("en", "Emily Carter (エミリー・カーター)")],
)
def test_my_page_names_the_person_with_the_reading(language: str, expected: str) -> None:
    profile = ProfileFactory(full_name="Emily Carter", full_name_kana="エミリー・カーター")
    client = Client()
    client.force_login(profile.user)
    client.cookies["django_language"] = language
    page = html.unescape(client.get(reverse("participants:my_page")).content.decode())
    assert expected in page


def test_the_japanese_mail_footer_uses_full_width_brackets() -> None:
    user = ProfileFactory().user
    context = {"user": user, "next_url": settings.SITE_URL + "/"}
    _subject, text, mail_html = render_message(template="welcome", context=context, language="ja")
    phone, hours = settings.CLAIR_CONTACT["phone"], "平日 9:00～17:45、日本時間"
    assert f"{phone}（{hours}）" in text
    assert f"{phone}（{hours}）" in html.unescape(mail_html)
    assert f"({hours})" not in text
    _subject, english, _html = render_message(template="welcome", context=context, language="en")
    assert f"{phone} (weekdays 9:00–17:45, Japan time)" in english


def test_the_job_approved_mail_has_no_space_after_a_full_width_colon() -> None:
    job = JobFactory()
    url = settings.SITE_URL + reverse("jobs:mine")
    text = render_message(template="job_approved", context={"job": job}, language="ja")[1]
    assert f"求人と応募者の一覧：{url}" in text
    english = render_message(template="job_approved", context={"job": job}, language="en")[1]
    assert f"Your jobs and applicants: {url}" in english
