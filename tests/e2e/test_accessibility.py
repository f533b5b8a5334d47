"""Accessibility in the browser (issue #16): axe-core finds nothing serious or critical on the
key pages in English and Japanese, on a laptop and on a phone; Japanese buttons stay on one
line; after a failed submit the error summary takes focus and links to each field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from events.models import Event, Exhibitor
from events.services import consultations, registrations
from tests.e2e.accounts import log_in
from tests.e2e.axe import describe, violations
from tests.e2e.conftest import screenshot
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.internships.factories import PositionFactory, ProgrammeFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ["en", "ja"]
EMILY = "emily@example.com"


def open_context(browser, live_server, language: str, viewport: dict | None = None):
    """A fresh browser context that reads the site in `language`; returns its page."""
    context = browser.new_context(viewport=viewport or LAPTOP, locale=language)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    return page


def the_site() -> dict[str, str]:
    """Data for every key page; returns the paths of the pages that need it."""
    employer = EmployerFactory(name_en="Kiso Travel Co., Ltd.", name_ja="木曽トラベル株式会社")
    fair = EventFactory(title_en="Sendai Career Fair", title_ja="仙台キャリアフェア")
    Exhibitor.objects.create(event=fair, employer=employer, status=Exhibitor.Status.APPROVED,
                             booth_label="A1")  # fmt: skip
    start = timezone.now() + timedelta(days=20)
    networking = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.ONLINE,
                              title_en="Alumni Networking Evening",
                              title_ja="OBOG交流会", starts_at=start,
                              ends_at=start + timedelta(hours=4))  # fmt: skip
    advisor = ProfileFactory(status="alumni", is_advisor=True, advisor_fields=["it"],
                             term_end_date=timezone.localdate() - timedelta(days=400),
                             advisor_bio_en="Engineer in Tokyo.")  # fmt: skip
    consultations.offer_slot(event=networking, advisor=advisor, field="it", minutes=30,
                             starts_at=networking.starts_at,
                             meeting_url="https://meet.example.com/a1")  # fmt: skip
    emily = ProfileFactory(full_name="Emily Carter", user__email=EMILY)
    ticket = registrations.register(event=fair, profile=emily)
    registrations.register(event=networking, profile=emily)
    PositionFactory(programme=ProgrammeFactory(), employer=employer)
    return {
        "fair": fair.get_absolute_url(),
        "ticket": f"/events/ticket/{ticket.ticket_token}/",
        "consultations": f"/events/{networking.slug}/consultations/",
    }


def key_pages(paths: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The pages to check, by who looks at them: (name, path)."""
    return {
        "anonymous": [
            ("home", "/"),
            ("event list", "/events/"),
            ("fair", paths["fair"]),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("employer directory", "/employers/"),
            ("internship programmes", "/internships/"),
            ("contact", "/contact/"),
        ],
        "participant": [
            ("my page", "/participants/me/"),
            ("my events", "/events/mine/"),
            ("ticket", paths["ticket"]),
            ("consultations", paths["consultations"]),
        ],
    }


# Forms sent with a mistake: (who, name, path, id of a field to empty first or ""); each page
# then shows its errors.
FAILED_SUBMITS = [
    ("anonymous", "contact after a failed submit", "/contact/", ""),
    ("anonymous", "signup after a failed submit", "/accounts/signup/", ""),
    ("participant", "profile after a failed submit", "/participants/profile/", "id_full_name"),
]


def submit_with_a_mistake(page, path: str, empty: str) -> None:
    """Open the form at `path`, empty the field `empty` (if any), send it; waits for the
    error summary."""
    page.goto(page.base_url + path)
    if empty:
        page.locator(f"#{empty}").fill("")
    page.locator("main form[method=post] [type=submit]").last.click()
    expect(page.locator("[data-error-summary]")).to_be_visible()


def check(page, name: str, found: list, language: str, width: int) -> None:
    problems = violations(page)
    if problems:
        found.append(f"{name} [{language}, {width} px]\n{describe(problems)}")
        screenshot(page, f"a11y-{name}-{language}-{width}".replace(" ", "-"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_pages_have_no_serious_or_critical_violations(browser, live_server, language) -> None:
    paths = the_site()
    found: list[str] = []
    for who, pages in key_pages(paths).items():
        page = open_context(browser, live_server, language)
        if who == "participant":
            log_in(page, EMILY)
        for viewport in (LAPTOP, PHONE):
            page.set_viewport_size(viewport)
            for name, path in pages:
                response = page.goto(live_server.url + path)
                assert response is not None, name
                assert response.ok, f"{name}: {response.status}"
                check(page, name, found, language, viewport["width"])
            for _who, name, path, empty in [f for f in FAILED_SUBMITS if f[0] == who]:
                submit_with_a_mistake(page, path, empty)
                check(page, name, found, language, viewport["width"])
        page.context.close()
    assert not found, "\n\n".join(found)


# The visible buttons of the page whose label takes more than one line: the content box of a
# one-line label is one line high, two lines make it twice as high.
WRAPPED_BUTTONS = """() => [...document.querySelectorAll("main .btn")]
    .filter(button => button.offsetParent !== null)
    .map(button => {
        const style = getComputedStyle(button);
        const content = button.clientHeight - parseFloat(style.paddingTop)
            - parseFloat(style.paddingBottom);
        return {label: button.innerText.trim(), lines: content / parseFloat(style.lineHeight)};
    })"""


def test_japanese_buttons_stay_on_one_line_on_a_phone(browser, live_server) -> None:
    paths = the_site()
    start = timezone.now() + timedelta(days=40)
    evening = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.ONLINE,
                           starts_at=start, ends_at=start + timedelta(hours=2))  # fmt: skip
    advisor = ProfileFactory(status="alumni", is_advisor=True, advisor_fields=["it"],
                             term_end_date=timezone.localdate() - timedelta(days=400))  # fmt: skip
    slot = consultations.offer_slot(event=evening, advisor=advisor, field="it", minutes=30,
                                    starts_at=evening.starts_at,
                                    meeting_url="https://meet.example.com/b2")  # fmt: skip
    emily = ProfileFactory._meta.model.objects.get(user__email=EMILY)
    registrations.register(event=evening, profile=emily)
    consultations.book_slot(slot=slot, profile=emily)
    page = open_context(browser, live_server, "ja", PHONE)
    log_in(page, EMILY)
    checked, wrapped = set(), []
    for path in ["/events/mine/", paths["ticket"], paths["consultations"],
                 f"/events/{evening.slug}/consultations/", "/participants/profile/"]:  # fmt: skip
        page.goto(live_server.url + path)
        for button in page.evaluate(WRAPPED_BUTTONS):
            checked.add(button["label"])
            if button["lines"] > 1.5:
                wrapped.append((path, button))
                screenshot(page, "a11y-wrapped-button-ja-390")
        # Kept whole, the labels must not push the page wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    # 「チ/ケッ/ト」 and 「予/約/す/る」 were set a character or two a line.
    assert {"チケット", "予約する"} <= checked, checked
    assert wrapped == []


def error_summary_heading(language: str) -> str:
    """The summary's heading as the catalogue says it in `language`."""
    with translation.override(language):
        return translation.gettext("There is a problem")


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_a_failed_submit_the_error_summary_takes_focus_and_links_to_each_field(
    browser, live_server, language
) -> None:
    the_site()
    page = open_context(browser, live_server, language)
    forms = [("contact", "/contact/", ""), ("signup", "/accounts/signup/", ""),
             ("profile", "/participants/profile/", "id_full_name")]  # fmt: skip
    for name, path, empty in forms:
        if name == "profile":
            log_in(page, EMILY)
        submit_with_a_mistake(page, path, empty)
        summary = page.locator("[data-error-summary]")
        expect(summary).to_have_count(1)
        expect(summary).to_be_focused()
        expect(summary.get_by_role("heading")).to_have_text(error_summary_heading(language))
        links = summary.get_by_role("link")
        assert links.count() >= 1, name
        targets = [link.get_attribute("href") for link in links.all()]
        # Each link names an existing, visible field of the form; the first required field
        # left empty is among them.
        for target in targets:
            field = page.locator(f"main form {target}")
            expect(field).to_have_count(1)
            expect(field).to_be_visible()
            assert field.evaluate("e => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName)")
        assert f"#{empty or first_field(name)}" in targets, (name, targets)
        screenshot(page, f"a11y-error-summary-{name}-{language}")
        # Following a link puts the cursor in that field.
        links.last.click()
        expect(page.locator(targets[-1])).to_be_focused()


def first_field(form: str) -> str:
    """The id of the first field each form requires (it is sent empty)."""
    return {"contact": "id_name", "signup": "id_email"}[form]
