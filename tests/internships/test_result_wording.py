"""The match result reads cleanly in English and Japanese (issue #16): no double full stop
after a name ending in ".", the employer named once, the rank as "your 1st choice" /
「第1希望」, the page's heading says where the person stands now, and Japanese internship
pages and mails use full-width brackets and 「：」 between a name and a title."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from internships import services
from internships.models import Outcome, Period, Programme
from jetcareer.outbox.rendering import render_message
from tests.employers.factories import EmployerFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)

pytestmark = pytest.mark.django_db

# ASCII brackets or a colon and a space right after Japanese text.
ASCII_AFTER_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef](?:: | ?\()")


def setouchi_offer(**outcome: object) -> Outcome:
    """Setouchi Travel Inc.'s "Internship at Setouchi Travel Inc.", the applicant's first
    choice, as the tester saw it."""
    employer = EmployerFactory(name_en="Setouchi Travel Inc.", name_ja="瀬戸内トラベル株式会社")
    position = PositionFactory(
        employer=employer,
        title_en="Internship at Setouchi Travel Inc.",
        title_ja="瀬戸内トラベル株式会社でのインターンシップ",
    )
    application = ApplicationFactory(programme=position.programme)
    return published_offer(position, application, **{"choice_number": 1, **outcome})


def page_of(client: Client, outcome: Outcome, language: str = "en") -> str:
    user = outcome.application.participant.user
    user.preferred_language = language
    user.save()
    client.force_login(user)
    client.cookies["django_language"] = language
    url = reverse("internships:application", args=[outcome.application_id])
    return html.unescape(client.get(url).content.decode())


def visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def status_of(page: str) -> str:
    return re.search(r'id="application-status">([^<]*)<', page).group(1)


# --- The sentence and the rank ----------------------------------------------------------------


def test_the_result_names_the_employer_once_without_a_double_full_stop(client: Client) -> None:
    page = page_of(client, setouchi_offer())
    assert "You are matched: Setouchi Travel Inc. has a place for you." in page
    assert ".." not in visible(page)
    assert "your 1st choice" in page
    assert "choice 1" not in page


def test_the_japanese_result_reads_naturally(client: Client) -> None:
    text = visible(page_of(client, setouchi_offer(), "ja"))
    assert "マッチングが成立しました。受入先は瀬戸内トラベル株式会社です。" in text
    assert "第1希望" in text
    assert ASCII_AFTER_JAPANESE.findall(text) == []


@pytest.mark.parametrize(
    ("number", "english", "japanese"),
    [
        (1, "your 1st choice", "第1希望"),
        (2, "your 2nd choice", "第2希望"),
        (3, "your 3rd choice", "第3希望"),
        (5, "your 5th choice", "第5希望"),
        (7, "your choice number 7", "第7希望"),
    ],
)
def test_the_rank_reads_as_an_ordinal(number: int, english: str, japanese: str) -> None:
    outcome = Outcome(choice_number=number)
    with translation.override("en"):
        assert outcome.choice_label == english
    with translation.override("ja"):
        assert outcome.choice_label == japanese
    assert Outcome(choice_number=None).choice_label == ""


# --- The heading says where the person stands -------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (Outcome.Response.PENDING, "Matched: waiting for your answer"),
        (Outcome.Response.ACCEPTED, "Offer accepted"),
        (Outcome.Response.DECLINED, "Offer declined"),
        (Outcome.Response.LAPSED, "Offer lapsed"),
        (Outcome.Response.RELEASED, "Withdrew from the internship"),
    ],
)
def test_the_heading_follows_the_result(client: Client, response: str, expected: str) -> None:
    seat = 1 if response == Outcome.Response.ACCEPTED else None
    page = page_of(client, setouchi_offer(response=response, seat=seat))
    assert status_of(page) == expected
    assert "· Submitted" not in page


def test_the_heading_of_a_pending_offer_past_its_deadline_says_lapsed(client: Client) -> None:
    outcome = setouchi_offer()
    Programme.objects.filter(pk=outcome.run.programme_id).update(
        response_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert status_of(page_of(client, outcome)) == "Offer lapsed"


def test_the_heading_says_not_matched_and_before_results_submitted(client: Client) -> None:
    programme = ProgrammeFactory()
    unmatched = published_offer(PositionFactory(programme=programme),
                                ApplicationFactory(programme=programme))  # fmt: skip
    Outcome.objects.filter(pk=unmatched.pk).update(position=None, choice_number=None)
    assert status_of(page_of(client, unmatched)) == "Not matched"
    waiting = ApplicationFactory()
    client.force_login(waiting.participant.user)
    page = client.get(reverse("internships:application", args=[waiting.pk])).content.decode()
    assert status_of(page) == "Submitted"


@pytest.mark.parametrize(
    ("response", "japanese"),
    [
        (Outcome.Response.PENDING, "マッチング成立（回答待ち）"),
        (Outcome.Response.ACCEPTED, "受諾済み"),
    ],
)
def test_the_japanese_heading_follows_the_result(
    client: Client, response: str, japanese: str
) -> None:
    seat = 1 if response == Outcome.Response.ACCEPTED else None
    page = page_of(client, setouchi_offer(response=response, seat=seat), "ja")
    assert status_of(page) == japanese
    assert "応募済み" not in visible(page)


# --- The result mail --------------------------------------------------------------------------


def result_mail(outcome: Outcome, language: str) -> str:
    context = {"outcome": outcome, "programme": outcome.run.programme, "reasons": []}
    return render_message(template="internship_result", context=context, language=language)[1]


def test_the_result_mail_reads_cleanly() -> None:
    text = result_mail(setouchi_offer(), "en")
    assert text.startswith("You are matched: Setouchi Travel Inc. has a place for you.\n")
    assert "Position: Internship at Setouchi Travel Inc. (your 1st choice)" in text
    assert "Internship period: Mon 23 August 2027 – Fri 27 August 2027" in text
    assert ".." not in text


def test_the_japanese_result_mail_uses_japanese_punctuation() -> None:
    text = result_mail(setouchi_offer(), "ja")
    assert "受入ポジション：瀬戸内トラベル株式会社でのインターンシップ（第1希望）" in text
    assert "インターンシップ期間：2027年8月23日（月）" in text
    assert ASCII_AFTER_JAPANESE.findall(text) == []


def test_the_reasons_name_a_position_as_the_reader_writes_it() -> None:
    """The explanation ("…filled its places…") names the position 「企業：タイトル」."""
    outcome = setouchi_offer()
    position = outcome.position
    outcome.explanation = [{"position": position.pk, "reason": "full"}]
    with translation.override("ja"):
        (reason,) = services.explain(outcome, {position.pk: position})
    assert reason.startswith("瀬戸内トラベル株式会社：瀬戸内トラベル株式会社でのインターンシップ")
    (reason,) = services.explain(outcome, {position.pk: position})
    assert reason.startswith("Setouchi Travel Inc.: Internship at Setouchi Travel Inc. filled")


# --- The programme page -----------------------------------------------------------------------


def test_the_programme_page_in_japanese_uses_full_width_brackets(client: Client) -> None:
    programme = ProgrammeFactory(positions_allowed=["ALT", "CIR"])
    PositionFactory(
        programme=programme,
        employer=EmployerFactory(name_ja="瀬戸内トラベル株式会社"),
        title_ja="ツアー企画",
    )
    client.cookies["django_language"] = "ja"
    text = visible(client.get(programme.get_absolute_url()).content.decode())
    assert "2027年8月27日（金）（事前研修：2027年8月22日（日））" in text
    assert "（ALT、CIR）" in text
    assert "瀬戸内トラベル株式会社：ツアー企画" in text
    assert ASCII_AFTER_JAPANESE.findall(text) == []


def test_the_programme_page_in_english(client: Client) -> None:
    programme = ProgrammeFactory(positions_allowed=["ALT"])
    Period.objects.filter(programme=programme).update(pre_training_on=date(2027, 8, 22))
    page = html.unescape(client.get(programme.get_absolute_url()).content.decode())
    assert "Fri 27 August 2027 (pre-training on Sun 22 August 2027)" in page
    assert "Current JET participants (ALT)" in page
