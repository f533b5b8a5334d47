"""Internships in the browser: a participant applies, staff screen, run and publish the
matching in admin, the participant accepts, and the host employer sees the intern."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from internships.models import Application, Programme
from participants import services as participant_services
from tests.accounts.factories import PASSWORD, StaffFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.internships.factories import PositionFactory, ProgrammeFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def admin_action(page, changelist: str, row_text: str, action_label: str) -> None:
    page.goto(page.base_url + changelist)
    page.locator("tr", has_text=row_text).locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label=action_label)
    page.get_by_role("button", name="Go").click()


def test_apply_screen_match_publish_accept_and_host_sees_intern(
    page,
    settings,
    tmp_path: Path,
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    programme = ProgrammeFactory(title_en="CLAIR Internship Programme 2027")
    owner = OwnerFactory(user__email="hr@setouchi.example", employer__name_en="Setouchi Travel")
    PositionFactory(programme=programme, employer=owner.employer, title_en="Tour planning")
    emily = ProfileFactory(full_name="Emily Carter", user__email="emily@example.com",
                           jlpt_level=4, jet_start_date=date(2024, 8, 1))  # fmt: skip
    participant_services.replace_cv(profile=emily, upload=pdf_upload())
    StaffFactory(email="staff@clair.example")

    log_in(page, "emily@example.com", fresh=True)
    page.goto(page.base_url + programme.get_absolute_url())
    page.get_by_role("link", name="Apply now").click()
    page.locator("#id_statement").fill("I want to learn how tours are planned in Japan.")
    page.locator("#id_industry_1").select_option("tourism")
    page.locator("#id_choice_1").select_option(label="Setouchi Travel: Tour planning")
    page.locator("#id_supervisor_name").fill("Suzuki Ichiro")
    page.locator("#id_paid_leave_confirmed").check()
    screenshot(page, "internship-apply")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application has been saved.")).to_be_visible()
    application = Application.objects.get()

    log_in(page, "staff@clair.example", fresh=True)
    page.goto(page.base_url + f"/admin/internships/application/{application.pk}/change/")
    page.locator("#id_screening").select_option("passed")
    page.locator("#id_document_score").fill("8.5")
    page.locator("#id_interview_score").fill("9")
    page.get_by_role("button", name="Save", exact=True).click()
    Programme.objects.filter(pk=programme.pk).update(state=Programme.State.SCREENING)
    admin_action(page, "/admin/internships/programme/", "CLAIR Internship Programme 2027",
                 "Move to matching")  # fmt: skip
    admin_action(page, "/admin/internships/programme/", "CLAIR Internship Programme 2027",
                 "Run the matching (in the background)")  # fmt: skip
    expect(page.get_by_text("started")).to_be_visible()
    page.goto(page.base_url + "/admin/internships/matchrun/")
    expect(page.locator("tr", has_text="round 1")).to_contain_text("Done")
    page.locator("tr", has_text="round 1").get_by_role("link").first.click()
    screenshot(page, "internship-run-review")
    page.get_by_role("link", name="Matched applicants (1)").click()
    expect(page.locator("#result_list")).to_contain_text("Emily Carter")
    expect(page.locator("#result_list")).to_contain_text("Setouchi Travel")
    screenshot(page, "internship-run-results")
    admin_action(page, "/admin/internships/matchrun/", "round 1",
                 "Publish selected runs and e-mail every applicant")  # fmt: skip
    expect(page.get_by_text("Publishing e-mails 1 applicant the result")).to_be_visible()
    page.get_by_role("button", name="Publish and e-mail 1 applicant").click()
    expect(
        page.get_by_text("Published. 1 applicant will receive the result by e-mail")
    ).to_be_visible()

    log_in(page, "emily@example.com", fresh=True)
    page.goto(page.base_url + f"/internships/applications/{application.pk}/")
    expect(
        page.get_by_text("You are matched: Setouchi Travel has a place for you.")
    ).to_be_visible()
    expect(page.locator("#application-status")).to_have_text("Matched: waiting for your answer")
    screenshot(page, "internship-result")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("you accepted the internship")).to_be_visible()
    expect(page.locator("#application-status")).to_have_text("Offer accepted")

    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.locator("#id_login").fill("hr@setouchi.example")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(page.base_url + "/internships/hosting/")
    expect(page.get_by_text("Emily Carter")).to_be_visible()
    screenshot(page, "internship-host-interns")
