"""What the jobs board says and how (issue #18, tester): one wording per visa answer, addresses
in Japanese order, no stray spaces in Japanese, one error per wrong field, the salary range
message for a negative amount, one full stop after a name ending in one, long strings that wrap
on a phone, a link to upload the CV, the applicant's word for their stage, and admin's title
and date."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from events.models import Exhibitor
from events.services import exhibitors
from jetcareer.web.dates import format_place, single_full_stops
from jobs import services
from jobs.models import Job, JobApplication
from participants import services as participant_services
from tests.conftest import outbox_for
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.jobs.factories import JobApplicationFactory, JobFactory, client_of, form_data
from tests.test_japanese_pages import visible_text

pytestmark = pytest.mark.django_db


# --- 3. Visa sponsorship ----------------------------------------------------------------------

VISA = {
    Job.Visa.YES: "Visa sponsorship",
    Job.Visa.CASE_BY_CASE: "Visa sponsorship for the right candidate",
    Job.Visa.NO: "No visa sponsorship",
}


def badges(html: str) -> list[str]:
    found = re.findall(r'class="badge[^"]*">([^<]+)<', html)
    return [re.sub(r"\s+", " ", badge).strip() for badge in found]


@pytest.mark.parametrize("answer", VISA)
def test_each_visa_answer_has_its_own_words_on_the_card_and_the_page(employer, answer) -> None:
    job = JobFactory(employer=employer, visa_sponsorship=answer)
    client = client_of()
    listing = client.get(reverse("jobs:list")).content.decode()
    card = listing[listing.index(f'id="job-{job.pk}"') :]
    card = card[: card.index("</article>")]
    page = client.get(job.get_absolute_url()).content.decode()

    for html in (card, page):
        visa = [b for b in badges(html) if "isa" in b]
        assert visa == [VISA[answer]]
    if answer == Job.Visa.CASE_BY_CASE:
        assert "text-bg-success" not in card  # the green of a firm yes


# --- 5. Japanese: addresses and spaces --------------------------------------------------------


def test_format_place_writes_an_address_as_the_reader_does() -> None:
    with translation.override("ja"):
        assert format_place("松本市", "長野県") == "長野県松本市"
        assert format_place("長野県松本市", "長野県") == "長野県松本市"  # typed in full
        assert format_place("", "長野県") == "長野県"
    with translation.override("en"):
        assert format_place("Matsumoto", "Nagano") == "Matsumoto, Nagano"
        assert format_place("", "Nagano") == "Nagano"


def test_a_job_location_reads_in_japanese_order_without_stray_spaces(
    employer, erika, applicant, staff
) -> None:
    job = JobFactory(employer=employer, city_en="Matsumoto", city_ja="松本市", prefecture="20",
                     remote=True, title_ja="観光ガイド")  # fmt: skip
    reader = client_of(applicant.user, "ja")

    card = visible_text(reader.get(reverse("jobs:list")).content.decode())
    page = visible_text(reader.get(job.get_absolute_url()).content.decode())

    assert "長野県松本市" in card
    assert "長野県松本市（リモート勤務可）" in page
    for text in (card, page):
        assert "松本市、長野県" not in text
    with translation.override("en"):
        assert job.location == "Matsumoto, Nagano (remote work possible)"
    # The weekly digest too.
    applicant.user.preferred_language = "ja"
    applicant.user.save(update_fields=["preferred_language"])
    services.set_alert(profile=applicant, is_active=True, industries=["tourism"])
    services.send_weekly_digests()
    [digest] = [m for m in outbox_for(applicant.user.email) if "観光ガイド" in m.message]
    assert "長野県松本市" in digest.message
    assert "松本市、長野県" not in digest.message


def test_clairs_reason_follows_its_label_without_a_space(employer, erika, staff) -> None:
    job = JobFactory(employer=employer, pending=True)
    services.reject_job(job=job, by=staff, reason_ja="給与の記載が不明確です。")

    text = visible_text(client_of(erika, "ja").get(reverse("jobs:mine")).content.decode())

    assert "：給与の記載が不明確です。" in text
    assert "： 給与" not in text
    english = client_of(erika, "en").get(reverse("jobs:mine")).content.decode()
    assert "CLAIR&#x27;s reason: 給与の記載が不明確です。" in english


# --- 6 and 7. One clear error per field -------------------------------------------------------


def field_errors(response, field: str) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get(field, [])]


def test_an_invalid_link_gets_one_error_that_says_what_is_wrong(employer, erika) -> None:
    response = client_of(erika).post(
        reverse("jobs:post"), form_data(apply_method="external", external_url="not a link")
    )
    assert field_errors(response, "external_url") == ["Enter a valid URL."]
    assert not Job.objects.exists()


@pytest.mark.parametrize("field", ["salary_min", "salary_max"])
def test_a_negative_salary_gets_the_range_message(employer, erika, field) -> None:
    response = client_of(erika).post(reverse("jobs:post"), form_data(**{field: "-250000"}))

    [error] = field_errors(response, field)
    assert error.startswith("Please give the monthly salary in yen, between ¥50,000 and")
    too_low = client_of(erika).post(reverse("jobs:post"), form_data(**{field: "25"}))
    assert field_errors(too_low, field) == [error]
    assert not Job.objects.exists()


# --- 8. One full stop -------------------------------------------------------------------------


def test_single_full_stops() -> None:
    assert single_full_stops("sent to Shinshu Precision Co., Ltd.. A confirmation") == (
        "sent to Shinshu Precision Co., Ltd. A confirmation"
    )
    assert single_full_stops("matched to Travel Inc..") == "matched to Travel Inc."
    assert single_full_stops("Wait... and see.") == "Wait... and see."
    assert single_full_stops("株式会社信州精密。") == "株式会社信州精密。"


def test_applying_to_a_co_ltd_reads_with_one_full_stop(applicant) -> None:
    job = JobFactory(employer__name_en="Shinshu Precision Co., Ltd.", title_en="Engineer")
    response = client_of(applicant.user).post(
        reverse("jobs:apply", args=[job.pk]), {"cover_letter": "Hello"}, follow=True
    )
    html = response.content.decode()
    assert "sent to Shinshu Precision Co., Ltd. A confirmation is on its way." in html
    [confirmation] = [m for m in outbox_for(applicant.user.email) if "Engineer" in m.subject]
    assert "Co., Ltd.." not in confirmation.message
    assert "has been sent to Shinshu Precision Co., Ltd. Shinshu" in confirmation.message


def test_a_booth_label_taken_by_a_co_ltd_reads_with_one_full_stop() -> None:
    fair = EventFactory()
    holder = EmployerFactory(name_en="Shinshu Precision Co., Ltd.")
    Exhibitor.objects.create(event=fair, employer=holder, status="approved", booth_label="A1")
    other = Exhibitor.objects.create(event=fair, employer=EmployerFactory(), status="applied")

    with pytest.raises(exhibitors.EventError) as refused:
        exhibitors.check_booth_label(exhibitor=other, label="A1")

    assert "is already given to Shinshu Precision Co., Ltd. Choose another label." in str(
        refused.value
    )


# --- 9. Long strings wrap ---------------------------------------------------------------------


class _Wrapped(HTMLParser):
    """Whether `text` appears inside an element with the class `user-text`."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.stack, self.found, self.wrapped = text, [], False, False

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.stack.append("user-text" in (dict(attrs).get("class") or "").split())

    def handle_endtag(self, tag) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data) -> None:
        if self.text in data:
            self.found = True
            self.wrapped = self.wrapped or any(self.stack)


def wraps(html: str, text: str) -> bool:
    parser = _Wrapped(text)
    parser.feed(html)
    assert parser.found, text
    return parser.wrapped


LONG = "x" * 180  # titles hold 200 characters
URL = "https://example.com/" + "a" * 300


def test_long_unbroken_user_text_may_wrap_on_a_phone(employer, erika, applicant) -> None:
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert ".user-text { overflow-wrap: anywhere; }" in css
    job = JobFactory(employer=employer, title_en="T" + LONG, description_en=URL)
    application = services.apply(job=job, profile=applicant, cover_letter="L" + LONG)
    services.send_message(application=application, by=erika, body="M" + LONG)
    services.add_note(application=application, by=erika, text="N" + LONG)
    mine = client_of(applicant.user)
    theirs = client_of(erika)

    pages = {
        "job": mine.get(job.get_absolute_url()),
        "list": mine.get(reverse("jobs:list")),
        "application": mine.get(reverse("jobs:application", args=[application.pk])),
        "my applications": mine.get(reverse("jobs:my_applications")),
        "applicant": theirs.get(reverse("jobs:applicant", args=[application.pk])),
        "pipeline": theirs.get(reverse("jobs:pipeline", args=[job.pk])),
        "our jobs": theirs.get(reverse("jobs:mine")),
    }
    expected = {
        "job": ["T" + LONG, URL],
        "list": ["T" + LONG],
        "application": ["L" + LONG, "M" + LONG, "T" + LONG],
        "my applications": ["T" + LONG],
        "applicant": ["L" + LONG, "M" + LONG, "N" + LONG],
        "pipeline": ["T" + LONG],
        "our jobs": ["T" + LONG],
    }
    for name, texts in expected.items():
        html = pages[name].content.decode()
        for text in texts:
            assert wraps(html, text), (name, text[:10])


# --- 10. The CV first ---------------------------------------------------------------------------


def test_the_notice_to_upload_a_cv_links_to_the_upload_and_back(employer, applicant) -> None:
    participant_services.remove_cv(profile=applicant)
    job = JobFactory(employer=employer)
    client = client_of(applicant.user)
    back = f"{reverse('participants:cv_upload')}?next={job.get_absolute_url()}"

    page = client.get(job.get_absolute_url()).content.decode()
    form = client.get(reverse("jobs:apply", args=[job.pk])).content.decode()

    assert "Please upload your CV on your profile first" in page
    assert f'href="{back}"' in page
    assert f"{reverse('participants:cv_upload')}?next=" in form
    assert f'name="next" value="{job.get_absolute_url()}"' in client.get(back).content.decode()


# --- 11. The applicant's word for the first stage ------------------------------------------------


def test_the_applicant_reads_submitted_where_the_employer_reads_new(
    employer, erika, applicant
) -> None:
    job = JobFactory(employer=employer)
    application = services.apply(job=job, profile=applicant, cover_letter="Hello")
    mine = client_of(applicant.user)

    for url in (
        reverse("jobs:application", args=[application.pk]),
        reverse("jobs:my_applications"),
        job.get_absolute_url(),
        reverse("participants:my_page"),
    ):
        html = mine.get(url).content.decode()
        assert "Submitted" in html, url
        assert re.search(r">\s*New\s*<", html) is None, url
    employer_page = client_of(erika).get(reverse("jobs:applicant", args=[application.pk]))
    assert re.search(
        r'id="applicant-stage"><span class="badge[^"]*">New<', (employer_page.content.decode())
    )
    with translation.override("en"):
        assert application.stage_for_applicant == "Submitted"
        application.stage = JobApplication.Stage.INTERVIEW
        assert application.stage_for_applicant == "Interview"


# --- 12. Admin ----------------------------------------------------------------------------------


def test_an_application_is_named_by_its_job_title(employer) -> None:
    application = JobApplicationFactory(
        job=JobFactory(employer=employer, title_en="Tour planner"),
        participant__full_name="Emily Carter",
    )
    assert str(application) == "Emily Carter → Tour planner"


def test_django_formats_a_date_and_time_as_the_portal_does_in_japanese() -> None:
    moment = datetime(2026, 12, 1, 11, 46, tzinfo=ZoneInfo("Asia/Tokyo"))
    with translation.override("ja"):
        assert formats.localize(moment) == "2026年12月1日（火）11:46"
    with translation.override("en"):
        assert formats.localize(moment) == "Dec. 1, 2026, 11:46 a.m."  # Django's, unchanged
