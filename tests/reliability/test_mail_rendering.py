"""Every message is rendered one way: subject and text part as written, HTML part escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from events.services import registrations
from jetcareer.outbox.rendering import render_message
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

TITLE = 'Q&A "Working in Japan": Alumni\'s Day <b>'
TITLE_JA = "Q&A「日本で働く」<卒業生>の日"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("en", TITLE), ("ja", TITLE_JA)])
def test_titles_with_markup_characters_arrive_as_written(language: str, title: str) -> None:
    event = EventFactory(title_en=TITLE, title_ja=TITLE_JA)
    profile = ProfileFactory(user__preferred_language=language)

    registrations.register(event=event, profile=profile)

    [mail] = outbox_for(profile.user.email)  # rendered by the worker after commit
    assert title in mail.subject
    assert title in mail.message
    for entity in ("&amp;", "&quot;", "&#x27;", "&#39;", "&lt;", "&gt;"):
        assert entity not in mail.subject + mail.message
    assert "Q&amp;A" in mail.html_message  # the HTML part stays escaped
    assert "&lt;" in mail.html_message


def test_template_syntax_in_user_text_is_not_executed() -> None:
    subject, text, _html = render_message(
        template="employer_verified",
        context={"employer": {"name": "{{ secret }} & {% now 'Y' %}"}},
        language="en",
    )
    assert subject == "{{ secret }} & {% now 'Y' %} is verified"
    assert "{{ secret }} & {% now 'Y' %}" in text


def test_no_mail_text_template_escapes_by_hand() -> None:
    """Escaping lives in the engine (HTML parts only); a text template never escapes."""
    folders = [Path(settings.BASE_DIR) / "templates" / "emails"]
    for path in (p for folder in folders for p in folder.glob("*.txt")):
        source = path.read_text()
        assert "|escape" not in source, path
        assert "|force_escape" not in source, path
        assert "autoescape" not in source, f"{path}: the text engine already never escapes"
