"""The profile form's checks a fresh tester tripped over (issue #16): the name's reading is
katakana only, a JET term lasts at most five years, and the error summary lists the errors in
the order of the fields."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jetcareer.accounts.models import User
from participants.forms import ProfileForm, latest_term_end
from participants.models import ParticipantProfile
from tests.participants.test_profile import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("エミリー・カーター", "エミリー・カーター"),
        ("えみりー かーたー", "エミリー カーター"),  # hiragana made katakana
        ("ｴﾐﾘｰ･ｶｰﾀｰ", "エミリー・カーター"),  # half-width kana and middle dot
        ("エミリー\u3000カーター", "エミリー カーター"),  # the full-width space
        ("", ""),
    ],
)
def test_the_reading_is_kept_in_katakana(typed: str, kept: str) -> None:
    form = ProfileForm(form_data(full_name_kana=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name_kana"] == kept


@pytest.mark.parametrize("typed", ["Emily123", "Emily", "エミリー1", "絵美理"])
def test_anything_but_kana_in_the_reading_is_refused_with_a_clear_message(typed: str) -> None:
    form = ProfileForm(form_data(full_name_kana=typed))
    assert not form.is_valid()
    assert form.errors["full_name_kana"] == [
        "Enter your name in katakana only, for example エミリー・カーター. "
        "Letters and digits cannot be used here."
    ]


@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (date(2019, 8, 1), date(2024, 7, 31), True),  # five years: the most JET allows
        (date(2019, 8, 1), date(2024, 8, 1), True),
        (date(2019, 8, 1), date(2024, 8, 2), False),
        (date(2019, 8, 1), date(2027, 7, 31), False),  # "Year 8 on JET"
    ],
)
def test_a_jet_term_lasts_at_most_five_years(start: date, end: date, valid: bool) -> None:
    status = "alumni" if end < timezone.localdate() else "current"
    dates = {"jet_start_date": start.isoformat(), "term_end_date": end.isoformat()}
    form = ProfileForm(form_data(status=status, **dates))
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert form.errors["term_end_date"] == [
            "A JET term lasts at most five years: a term that started on Thu 1 August 2019 "
            "ends by Thu 1 August 2024. Please check the years."
        ]


def test_the_latest_end_of_a_term_started_on_29_february() -> None:
    assert latest_term_end(date(2024, 2, 29)) == date(2029, 2, 28)


def test_the_term_message_reads_japanese_dates_in_japanese() -> None:
    with translation.override("ja"):
        form = ProfileForm(form_data(jet_start_date="2019-08-01", term_end_date="2027-07-31"))
        assert not form.is_valid()
        message = form.errors["term_end_date"][0]
    assert "2019年8月1日（木）" in message
    assert "2024年8月1日（木）" in message


def test_the_error_summary_follows_the_order_of_the_fields(client: Client, alice: User) -> None:
    # The reading and the industry are refused by their fields, the position and the term by
    # the form's clean(), which runs last: the summary still reads from the top of the page.
    client.force_login(alice)
    response = client.post(
        reverse("participants:profile"),
        form_data(
            full_name_kana="Emily123",
            position="",
            jet_start_date="2019-08-01",
            term_end_date="2027-07-31",
            industry_1="",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert re.findall(r'href="#id_([a-z_0-9]+)"', summary) == [
        "full_name_kana",
        "position",
        "term_end_date",
        "industry_1",
    ]
    assert not ParticipantProfile.objects.exists()
