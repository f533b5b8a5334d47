"""How every message is rendered: subject and text part without HTML escaping, the HTML part
escaped, all in one language, with the portal's name and address in the context.

Subjects and text parts are rendered by the template engine named TEXT_ENGINE (settings.TEMPLATES),
which has autoescaping off: `Q&A "Working in Japan"` stays as written instead of becoming
`Q&amp;A &quot;…`. HTML parts go through the default engine and stay escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

TEXT_ENGINE = "text"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates call `current_site`: the portal's name and domain."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    """The portal's name in the active language and its domain (from SITE_URL)."""
    return PortalSite(name=gettext("JET Career Portal"), domain=urlsplit(settings.SITE_URL).netloc)


def base_context(language: str) -> dict[str, Any]:
    """What every mail template may use: the site address and name, CLAIR's contact, language."""
    return {
        "site_url": settings.SITE_URL,
        "site_name": gettext("JET Career Portal"),
        "current_site": portal_site(),
        "contact": settings.CLAIR_CONTACT,
        "LANGUAGE_CODE": language,
    }


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


def render_parts(
    *, subject: str, text: str, html: str | None, context: Mapping[str, Any]
) -> Rendered:
    """Render the three templates named; `html` may be None or missing on disk (no HTML part).

    Call inside `translation.override(language)`. The subject is folded onto one line.
    """
    ctx = dict(context)
    rendered_subject = render_to_string(subject, ctx, using=TEXT_ENGINE)
    body = render_to_string(text, ctx, using=TEXT_ENGINE).strip() + "\n"
    html_body = None
    if html:
        try:
            html_body = render_to_string(html, ctx).strip() or None
        except TemplateDoesNotExist:
            html_body = None
    return Rendered(" ".join(rendered_subject.split()), body, html_body)


def render_message(
    *, template: str, context: Mapping[str, Any], language: str
) -> tuple[str, str, str | None]:
    """Render templates/emails/<template>_subject.txt, .txt and .html in `language`.

    Returns (subject, text, html); html is None when the template has no HTML part.
    """
    with translation.override(language):
        parts = render_parts(
            subject=f"emails/{template}_subject.txt",
            text=f"emails/{template}.txt",
            html=f"emails/{template}.html",
            context={**base_context(language), **context},
        )
    return parts.subject, parts.text, parts.html


def build_message(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A Django message with a text part and, when given, an HTML alternative."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message
