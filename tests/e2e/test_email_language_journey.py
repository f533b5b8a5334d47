"""A person finds "Language of my e-mails" from the navbar's Account link and chooses Japanese,
reading the pages in English or in Japanese; the page-language switch leaves the choice alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from jetcareer.accounts.models import User
from tests.accounts.factories import EmployerUserFactory, UserFactory
from tests.e2e.accounts import log_in
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Words:
    """What the person reads, in the language of the pages."""

    switch_to: str | None  # the navbar button that switches the pages to this language
    account: str
    menu_entry: str
    currently_english: str
    english: str
    japanese: str
    save: str
    saved: str
    currently_japanese: str


ENGLISH = Words(
    switch_to=None,
    account="Account",
    menu_entry="Language of my e-mails",
    currently_english="Your e-mails are currently sent in English.",
    english="English",
    japanese="Japanese",
    save="Save",
    saved="Saved. Your e-mails will be sent in Japanese.",
    currently_japanese="Your e-mails are currently sent in Japanese.",
)
JAPANESE = Words(
    switch_to="日本語",
    account="アカウント",
    menu_entry="メールの言語",
    currently_english="現在、メールは英語でお送りしています。",
    english="英語",
    japanese="日本語",
    save="保存",
    saved="保存しました。今後のメールは日本語でお送りします。",
    currently_japanese="現在、メールは日本語でお送りしています。",
)


@pytest.mark.parametrize(
    ("page_language", "words", "factory"),
    [("en", ENGLISH, UserFactory), ("ja", JAPANESE, EmployerUserFactory)],
    ids=["english-pages-participant", "japanese-pages-employer"],
)
def test_person_chooses_japanese_e_mails_from_the_account_menu(
    page, page_language: str, words: Words, factory
) -> None:
    user = factory(email="kim@example.com", preferred_language="en")
    log_in(page, user.email)
    expect(page.locator("#account-menu")).to_be_visible()  # signed in: the person's menu

    nav = page.get_by_role("navigation", name=re.compile("Main navigation|メインメニュー"))
    if words.switch_to:
        nav.get_by_role("button", name=words.switch_to).click()
        expect(page.locator("html")).to_have_attribute("lang", page_language)
        user.refresh_from_db()
        assert user.preferred_language == "en"  # reading in Japanese is not asking for mail in it

    nav.locator("#account-menu").click()
    nav.get_by_role("link", name=words.account).click()
    page.get_by_role("link", name=words.menu_entry).click()

    expect(page).to_have_url(re.compile(r"/accounts/email-language/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(words.menu_entry)
    expect(page.locator("#current-email-language")).to_have_text(words.currently_english)
    expect(page.get_by_role("radio", name=words.english)).to_be_checked()

    page.get_by_role("radio", name=words.japanese).check()
    page.get_by_role("button", name=words.save).click()

    expect(page.locator(".alert-success")).to_have_text(words.saved)
    expect(page.locator("#current-email-language")).to_have_text(words.currently_japanese)
    expect(page.get_by_role("radio", name=words.japanese)).to_be_checked()
    expect(page.locator("html")).to_have_attribute("lang", page_language)  # the pages stay put
    screenshot(page, f"email-language-saved-{page_language}")
    assert User.objects.get(pk=user.pk).preferred_language == "ja"
