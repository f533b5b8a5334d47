"""A participant completes the profile, uploads a CV and downloads it again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import screenshot
from tests.participants.factories import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_completes_profile_and_uploads_cv(
    page,
    settings,
    tmp_path: Path,
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    UserFactory(email="emily@example.com")
    cv = tmp_path / "Emily CV.pdf"
    cv.write_bytes(pdf_bytes())
    today = timezone.localdate()

    page.goto(page.base_url + "/accounts/login/")
    page.locator("#id_login").fill("emily@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete your profile")

    page.locator("#id_full_name").fill("Emily Carter")
    page.locator("#id_full_name_kana").fill("エミリー・カーター")
    page.locator("#id_country").select_option("US")
    page.get_by_label("Current JET participant").check()
    page.locator("#id_position").select_option("ALT")
    page.locator("#id_prefecture").select_option(label="Nagano")
    page.locator("#id_contracting_organization").fill("Nagano Prefectural Board of Education")
    page.locator("#id_jet_start_date").fill((today - timedelta(days=800)).isoformat())
    page.locator("#id_term_end_date").fill((today - timedelta(days=1)).isoformat())
    page.locator("#id_jlpt_level").select_option(label="N2")
    page.locator("#id_industry_1").select_option("tourism")
    page.locator("#id_industry_2").select_option("tourism")
    page.get_by_label("Translation and interpreting").check()
    page.locator("#id_introduction").fill("Three years of teaching in Nagano.")
    page.get_by_role("button", name="Save profile").click()

    # Bad input: a clear message, nothing saved.
    # Each message is in the error summary at the top and beside its field (issue #16).
    summary = page.locator("[data-error-summary]")
    expect(summary.get_by_text("must be in the future")).to_be_visible()
    expect(summary.get_by_text("Tourism and travel more than once")).to_be_visible()
    screenshot(page, "participant-profile-errors")

    page.locator("#id_term_end_date").fill((today + timedelta(days=250)).isoformat())
    page.locator("#id_industry_2").select_option("education")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My page")
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()

    page.locator("#id_cv").set_input_files(str(cv))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Your CV has been uploaded.")).to_be_visible()
    expect(page.get_by_role("link", name="Emily CV.pdf")).to_be_visible()
    expect(page.get_by_role("heading", name="Your profile is 100% complete")).to_be_visible()
    page.get_by_role("button", name="I agree to share").click()
    expect(page.get_by_text("Shared since")).to_be_visible()
    screenshot(page, "participant-my-page")

    with page.expect_download() as download:
        page.get_by_role("link", name="Emily CV.pdf").click()
    assert Path(download.value.path()).read_bytes() == cv.read_bytes()

    page.get_by_role("button", name="日本語").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    screenshot(page, "participant-my-page-ja")
