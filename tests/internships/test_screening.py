"""Screening: the rule in services.screen, the applicant told the outcome in their language,
the bulk screening list in admin (many rows at once, errors on the row, a query count that does
not grow) and the application's page (job types as words, the CV, the applicant's words
read-only)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from internships import services
from internships.models import Application, Programme
from jetcareer.accounts.models import User
from participants import services as participant_services
from tests.accounts.factories import StaffFactory
from tests.conftest import outbox_for
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.participants.factories import pdf_upload

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:internships_application_changelist"
SCREENING_LIST_QUERIES = 7


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def to_screen(email: str, language: str = "en", **kwargs: Any) -> Application:
    return ApplicationFactory(
        screening="pending",
        participant__user__email=email,
        participant__user__preferred_language=language,
        **kwargs,
    )


def subjects(address: str) -> list[str]:
    return [m.subject for m in outbox_for(address)]


# --- The service ---------------------------------------------------------------------------


def test_the_applicant_is_told_they_passed_once_in_english() -> None:
    application = to_screen("ann@example.com", programme__title_en="Internships 2027")
    services.screen(application=application, document_score=8, interview_score=9,
                    result="passed")  # fmt: skip
    assert subjects("ann@example.com") == ["You passed the screening: Internships 2027"]
    assert "You now take part in the matching" in outbox_for("ann@example.com")[0].message
    # New scores, same result: nothing new to tell.
    services.screen(application=application, document_score=9, interview_score=9,
                    result="passed")  # fmt: skip
    assert len(outbox_for("ann@example.com")) == 1


def test_an_applicant_not_selected_reads_the_reason_in_japanese() -> None:
    application = to_screen("ken@example.com", "ja", programme__title_ja="研修2027")
    services.screen(application=application, result="failed",
                    reason_ja="日本語の面接での受け答えが不十分でした。")  # fmt: skip
    [mail] = outbox_for("ken@example.com")
    assert mail.subject == "選考結果のお知らせ：研修2027"
    assert "日本語の面接での受け答えが不十分でした。" in mail.message
    assert "クレアからのコメント：" in mail.message


def test_changing_only_the_reason_tells_nobody_again() -> None:
    application = to_screen("lee@example.com")
    services.screen(application=application, result="failed", reason_en="First reason.")
    services.screen(application=application, result="failed", reason_en="Better worded reason.")
    assert len(outbox_for("lee@example.com")) == 1
    assert Application.objects.get(pk=application.pk).screening_reason_en == (
        "Better worded reason."
    )


def test_pending_again_tells_nobody() -> None:
    application = to_screen("may@example.com")
    services.screen(application=application, document_score=5)
    services.screen(application=application, result="pending")
    assert outbox_for("may@example.com") == []


def test_refusals_save_nothing_and_mail_nothing() -> None:
    application = to_screen("noa@example.com")
    with pytest.raises(services.InternshipError) as error:
        services.screen(application=application, result="failed", reason_en=" ", reason_ja=" ")
    assert error.value.field == "screening_reason_en"
    with pytest.raises(services.InternshipError, match="cannot be negative") as error:
        services.screen(application=application, document_score=Decimal("-1"), result="passed")
    assert error.value.field == "document_score"
    with pytest.raises(services.InternshipError, match="from the list"):
        services.screen(application=application, result="maybe")
    Application.objects.filter(pk=application.pk).update(state=Application.State.WITHDRAWN)
    with pytest.raises(services.InternshipError, match="withdrawn"):
        services.screen(application=application, result="passed")
    application.refresh_from_db()
    assert (application.screening, application.document_score) == ("pending", None)
    assert not Email.objects.exists()


def test_an_erased_applicant_can_still_be_screened_without_mail() -> None:
    application = ApplicationFactory(screening="pending", participant=None)
    services.screen(application=application, result="passed")
    assert Application.objects.get(pk=application.pk).screening == "passed"
    assert not Email.objects.exists()


# --- The bulk screening list ---------------------------------------------------------------


def list_rows(response) -> dict[str, Any]:
    """The changelist's formset as the page posts it back, unchanged."""
    formset = response.context["cl"].formset
    data: dict[str, Any] = {
        f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()
    }
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    data["_save"] = "Save"
    return data


def row_of(response, application: Application) -> str:
    formset = response.context["cl"].formset
    return next(f.prefix for f in formset.forms if f.instance.pk == application.pk)


def test_staff_screen_several_applicants_at_once(client: Client, staff: User) -> None:
    programme = ProgrammeFactory(state=Programme.State.SCREENING)
    ann = to_screen("ann@example.com", programme=programme)
    ken = to_screen("ken@example.com", "ja", programme=programme)
    lee = to_screen("lee@example.com", programme=programme)
    client.force_login(staff)
    url = reverse(CHANGELIST)
    page = client.get(url, {"programme__id__exact": programme.pk})
    data = list_rows(page)
    for who, values in [
        (ann, {"document_score": "8", "interview_score": "9", "screening": "passed"}),
        (ken, {"document_score": "4", "screening": "failed",
               "screening_reason_en": "Scores below the line."}),
        (lee, {"document_score": "7.5", "interview_score": "8", "screening": "passed"}),
    ]:  # fmt: skip
        prefix = row_of(page, who)
        data.update({f"{prefix}-{name}": value for name, value in values.items()})
    response = client.post(f"{url}?programme__id__exact={programme.pk}", data, follow=True)
    assert response.status_code == 200
    assert "3 internship applications were changed successfully." in response.content.decode()
    ann.refresh_from_db(), ken.refresh_from_db(), lee.refresh_from_db()
    assert (ann.screening, ann.document_score, ann.interview_score) == (
        "passed", Decimal("8.00"), Decimal("9.00"))  # fmt: skip
    assert (ken.screening, ken.screening_reason_en) == ("failed", "Scores below the line.")
    assert (lee.screening, lee.document_score) == ("passed", Decimal("7.50"))
    assert subjects("ann@example.com") == [f"You passed the screening: {programme.title_en}"]
    assert subjects("ken@example.com") == [f"選考結果のお知らせ：{programme.title_ja}"]
    assert len(subjects("lee@example.com")) == 1


def test_a_row_the_rule_refuses_shows_its_error_and_nothing_is_saved(
    client: Client, staff: User
) -> None:
    programme = ProgrammeFactory(state=Programme.State.SCREENING)
    ann = to_screen("ann@example.com", programme=programme)
    ken = to_screen("ken@example.com", programme=programme)
    client.force_login(staff)
    url = reverse(CHANGELIST)
    page = client.get(url)
    data = list_rows(page)
    data[f"{row_of(page, ann)}-screening"] = "passed"
    data[f"{row_of(page, ken)}-screening"] = "failed"  # no reason
    response = client.post(url, data)
    assert response.status_code == 200  # the list again, with the error on Ken's row
    form = next(f for f in response.context["cl"].formset.forms if f.instance.pk == ken.pk)
    assert form.errors["screening_reason_en"] == [
        "Please give a reason when an applicant is not selected."
    ]
    assert "Please give a reason when an applicant is not selected." in response.content.decode()
    assert set(Application.objects.values_list("screening", flat=True)) == {"pending"}
    assert not Email.objects.exists()


def test_rows_staff_did_not_touch_are_not_checked(client: Client, staff: User) -> None:
    """An old row that breaks today's rule (not selected, no reason) does not block the page."""
    programme = ProgrammeFactory(state=Programme.State.SCREENING)
    ApplicationFactory(programme=programme, screening="failed", screening_reason_en="")
    ann = to_screen("ann@example.com", programme=programme)
    client.force_login(staff)
    page = client.get(reverse(CHANGELIST))
    data = list_rows(page)
    data[f"{row_of(page, ann)}-screening"] = "passed"
    client.post(reverse(CHANGELIST), data)
    assert Application.objects.get(pk=ann.pk).screening == "passed"


def test_the_list_shows_job_types_as_words_and_a_cv_link(client: Client, staff: User) -> None:
    application = to_screen("ann@example.com", job_types=["translation", "sales"])
    participant_services.replace_cv(profile=application.participant, upload=pdf_upload())
    client.force_login(staff)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "Translation and interpreting, Sales and business development" in html
    cv = reverse("participants:cv_download", args=[application.participant.pk])
    assert f'href="{cv}"' in html
    assert client.get(cv).status_code == 200


def grow(n: int, programme: Programme) -> None:
    start = programme.applications.count()
    for i in range(start, start + n):
        application = to_screen(f"p{programme.pk}-{i}@example.com", programme=programme)
        PositionFactory(programme=programme)
        application.choices.create(position=programme.positions.last(), rank=1)


def test_the_screening_list_costs_the_same_for_5_and_50_applicants(
    client: Client, staff: User, django_assert_num_queries
) -> None:
    programme = ProgrammeFactory(state=Programme.State.SCREENING)
    client.force_login(staff)
    grow(5, programme)
    client.get(reverse(CHANGELIST))  # per-process caches
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse(CHANGELIST))
    assert len(page.context["cl"].formset.forms) == 5
    # session, user, second factor; the programmes of the filter; the count, the full count
    # and the page of applications with their people and programmes (no query per row).
    assert len(five.captured_queries) == SCREENING_LIST_QUERIES
    grow(45, programme)
    with django_assert_num_queries(len(five.captured_queries)):
        page = client.get(reverse(CHANGELIST))
    assert len(page.context["cl"].formset.forms) == 50


def test_a_member_of_staff_without_cv_permission_sees_no_cv_link(client: Client) -> None:
    application = to_screen("ann@example.com")
    participant_services.replace_cv(profile=application.participant, upload=pdf_upload())
    clerk = StaffFactory(is_superuser=False)
    clerk.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="internships",
            codename__in=["view_application", "change_application"],
        )
    )
    client.force_login(clerk)
    cv = reverse("participants:cv_download", args=[application.participant.pk])
    assert cv not in client.get(reverse(CHANGELIST)).content.decode()
    change = reverse("admin:internships_application_change", args=[application.pk])
    assert cv not in client.get(change).content.decode()


# --- The application's page ------------------------------------------------------------------


def test_the_application_page_shows_what_the_applicant_wrote_read_only(
    client: Client, staff: User
) -> None:
    programme = ProgrammeFactory()
    position = PositionFactory(programme=programme, title_en="Tour desk")
    application = to_screen("ann@example.com", programme=programme,
                            job_types=["translation", "hospitality"],
                            statement="I love trains.", industry_2="it")  # fmt: skip
    application.choices.create(position=position, rank=1)
    participant_services.replace_cv(profile=application.participant, upload=pdf_upload())
    client.force_login(staff)
    url = reverse("admin:internships_application_change", args=[application.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Translation and interpreting, Customer service and hospitality" in html
    assert '["translation"' not in html
    assert "I love trains." in html
    assert f"{position.employer.name}: Tour desk" in html
    assert reverse("participants:cv_download", args=[application.participant.pk]) in html
    form = page.context["adminform"].form
    assert sorted(form.fields) == sorted(["screening", "document_score", "interview_at",
                                          "interview_score", "screening_reason_en",
                                          "screening_reason_ja"])  # fmt: skip
    # A crafted post cannot change the applicant's words or choices.
    client.post(url, {"statement": "Changed by staff", "industry_1": "it",
                      "job_types": '["other"]', "screening": "passed", "document_score": "7",
                      "interview_score": "", "screening_reason_en": "", "interview_at_0": "",
                      "interview_at_1": ""})  # fmt: skip
    application.refresh_from_db()
    assert (application.statement, application.industry_1, application.job_types) == (
        "I love trains.", "tourism", ["translation", "hospitality"])  # fmt: skip
    assert (application.screening, application.document_score) == ("passed", Decimal("7.00"))
    assert subjects("ann@example.com") == [f"You passed the screening: {programme.title_en}"]


def test_the_application_page_shows_the_rules_refusal_beside_the_field(
    client: Client, staff: User
) -> None:
    application = to_screen("ann@example.com")
    client.force_login(staff)
    url = reverse("admin:internships_application_change", args=[application.pk])
    when = timezone.localtime(timezone.now() + timedelta(days=3))
    page = client.post(url, {"screening": "failed", "document_score": "3",
                             "interview_score": "", "screening_reason_en": "",
                             "interview_at_0": when.strftime("%Y-%m-%d"),
                             "interview_at_1": when.strftime("%H:%M")})  # fmt: skip
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["screening_reason_en"] == [
        "Please give a reason when an applicant is not selected."
    ]
    application.refresh_from_db()
    assert (application.screening, application.interview_at) == ("pending", None)
    assert not Email.objects.exists()


def test_staff_cannot_add_an_application_in_admin(client: Client, staff: User) -> None:
    client.force_login(staff)
    assert client.get(reverse("admin:internships_application_add")).status_code == 403
