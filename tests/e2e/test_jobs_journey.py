"""Jobs in the browser (issue #18), in Japanese and in English: an employer posts a job (and is
told first what is wrong with the salary), CLAIR staff approve it from its admin page, a
participant finds it by filters on a phone and applies, the employer moves them to interview,
offer and hired, and the hire shows in the fiscal year's report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jetcareer.fiscal_year import fiscal_year_of
from jobs.models import Job, JobApplication
from participants import services as participant_services
from tests.accounts.factories import StaffFactory
from tests.conftest import outbox_for
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot
from tests.employers.factories import OwnerFactory
from tests.jobs.factories import in_days, next_august
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = {"en": "Inbound tour coordinator", "ja": "インバウンドツアーコーディネーター"}
PHONE = {"width": 390, "height": 844}


def fill_job_form(page, *, low: str, high: str) -> None:
    page.locator("#id_title_en").fill(TITLE["en"])
    page.locator("#id_title_ja").fill(TITLE["ja"])
    page.locator("#id_description_en").fill("Plan island tours of the Seto Inland Sea.")
    page.locator("#id_description_ja").fill("瀬戸内の島めぐりツアーを企画します。")
    page.locator("#id_industry").select_option("tourism")
    page.locator("#id_job_type").select_option("international")
    page.locator("#id_employment_type").select_option("full_time")
    page.locator("#id_prefecture").select_option("34")
    page.locator("#id_city_en").fill("Onomichi")
    page.locator("#id_city_ja").fill("尾道市")
    page.locator("#id_salary_min").fill(low)
    page.locator("#id_salary_max").fill(high)
    page.locator("#id_salary_period").select_option("monthly")
    page.locator("#id_start_month").select_option(next_august().strftime("%Y-%m"))
    page.locator("#id_min_jlpt").select_option("3")
    page.locator("input[name=visa_sponsorship][value=yes]").check()
    page.locator("#id_closes_on").fill(in_days(45).isoformat())


def new_page(browser, live_server, language: str, viewport: dict | None = None):
    """A browser of its own (cookies, login) in `language`: each person keeps their session,
    and staff sign in once (an authenticator code is accepted once)."""
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, locale=language
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


@pytest.mark.parametrize("language", ["ja", "en"])
def test_post_approve_find_apply_and_hire(
    browser, page, live_server, settings, tmp_path: Path, language: str
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    OwnerFactory(
        user__email="hr@setouchi.example",
        user__preferred_language=language,
        employer__name_en="Setouchi Travel",
        employer__name_ja="瀬戸内トラベル",
    )
    emily = ProfileFactory(
        full_name="Emily Carter",
        user__email="emily@example.com",
        user__preferred_language=language,
        jlpt_level=4,
    )
    participant_services.replace_cv(profile=emily, upload=pdf_upload("Emily CV.pdf"))
    StaffFactory(email="staff@clair.example", preferred_language=language)

    # The employer posts a job; a salary upside down is told before anything is saved.
    log_in(page, "hr@setouchi.example")
    page.goto(page.base_url + "/jobs/new/")
    fill_job_form(page, low="300,000", high="250000")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator("#id_salary_max")).to_have_class(re.compile("is-invalid"))
    assert not Job.objects.exists()
    screenshot(page, f"jobs-post-error-{language}")
    page.locator("#id_salary_min").fill("¥250,000")
    page.locator("#id_salary_max").fill("300000")
    page.locator("#id_closes_on").fill(in_days(45).isoformat())
    screenshot(page, f"jobs-post-{language}")
    page.locator("button[name=action][value=submit]").click()
    expect(page.locator(".job-row")).to_have_count(1)
    job = Job.objects.get()
    assert (job.status, job.salary_min) == (Job.Status.PENDING, 250_000)
    expect(page.locator(".job-row")).to_contain_text(TITLE[language])
    screenshot(page, f"jobs-mine-pending-{language}")

    # CLAIR staff approve it from its admin page (staff sign in with their authenticator).
    staff = new_page(browser, live_server, language)
    log_in(staff, "staff@clair.example")
    staff.goto(staff.base_url + f"/admin/jobs/job/{job.pk}/change/")
    screenshot(staff, f"jobs-admin-review-{language}")
    staff.locator("form.object-action[action$='/act/approve/'] button").click()
    expect(staff.locator("ul.messagelist li.success")).to_be_visible()
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED

    # A participant finds it on a phone with the filters and applies.
    phone = new_page(browser, live_server, language, PHONE)
    log_in(phone, "emily@example.com")
    phone.goto(phone.base_url + "/jobs/")
    filters = phone.locator("#job-filters")
    expect(filters.locator("#id_industry")).to_be_hidden()  # behind the button
    phone.locator("button[data-bs-toggle=offcanvas][aria-controls=job-filters]").click()
    expect(filters.locator("#id_industry")).to_be_visible()
    filters.locator("#id_industry").select_option("tourism")
    filters.locator("#id_prefecture").select_option("34")
    filters.locator("#id_visa").check()
    filters.locator("#id_fits_me").check()
    filters.locator("#id_start").select_option(next_august().strftime("%Y-%m"))
    screenshot(phone, f"jobs-filters-{language}-phone")
    phone.locator("#show-jobs").click()
    result = phone.get_by_role("link", name=TITLE[language])
    expect(result).to_be_visible()
    assert result.bounding_box()["y"] < PHONE["height"] * 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, f"jobs-found-{language}-phone")
    result.click()
    screenshot(phone, f"jobs-detail-{language}-phone")
    phone.locator(f"a[href='/jobs/{job.pk}/apply/']").click()
    expect(phone.get_by_text("Emily CV.pdf")).to_be_visible()
    phone.locator("#id_cover_letter").fill("I have guided visitors in Nagano for three years.")
    screenshot(phone, f"jobs-apply-{language}-phone")
    phone.locator("#send-application").click()
    expect(phone.locator("#application-stage")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, f"jobs-applied-{language}-phone")
    application = JobApplication.objects.get()
    phone.context.close()

    # The employer moves Emily to interview and offer (she is mailed), then records the hire.
    log_in(page, "hr@setouchi.example", fresh=True)
    page.goto(page.base_url + f"/jobs/{job.pk}/applicants/")
    expect(page.locator("#column-new")).to_contain_text("Emily Carter")
    screenshot(page, f"jobs-pipeline-{language}")
    page.locator("#column-new").get_by_role("link", name="Emily Carter").click()
    for stage in ("interview", "offer", "hired"):
        page.locator("#id_stage").select_option(stage)
        with page.expect_navigation():
            page.locator("#move-stage").click()
        if stage == "offer":  # it mails Emily: the page asks first, naming her
            expect(page.locator("main")).to_contain_text("Emily Carter")
            screenshot(page, f"jobs-offer-confirm-{language}")
            with page.expect_navigation():
                page.locator("#confirm-move").click()
        expect(page.locator(".alert-success")).to_be_visible()
        application.refresh_from_db()
        assert application.stage == stage
        if stage == "offer":
            screenshot(page, f"jobs-offer-{language}")
    mails = outbox_for("emily@example.com")
    assert any(TITLE[language] in mail.subject + mail.message for mail in mails[1:])
    page.goto(page.base_url + f"/jobs/{job.pk}/applicants/")
    expect(page.locator("#column-hired")).to_contain_text("Emily Carter")

    # The hire shows in the fiscal year's report.
    year = fiscal_year_of(timezone.localdate())
    staff.goto(staff.base_url + f"/reports/fy/{year}/")
    figures = staff.locator("#jobs-figures")
    expect(figures.locator("[data-figure=hires]").first).to_have_text("1")
    expect(figures.locator("[data-figure=posted]").first).to_have_text("1")
    expect(figures).to_contain_text("Hiroshima" if language == "en" else "広島")
    figures.scroll_into_view_if_needed()
    screenshot(staff, f"jobs-report-{language}")
    staff.context.close()
