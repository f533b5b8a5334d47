"""The name badges of an event's confirmed list as a PDF (issue #17), for the check-in desk.

Staff who check people in (`events.check_in`, the Event desk group's duty, as the desk and
the scanner) print them before the fair; the layout is events/badges.py's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.http import content_disposition_header

from jetcareer.permissions import permission_required

from . import badges
from .models import Event

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _number(value: str | None, default: int, largest: int) -> int:
    """A whole number from the query between 0 and `largest`, else `default`."""
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if 0 <= number <= largest else default


@login_required
@permission_required("events.check_in")
def badges_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The badges PDF, shown in the browser to print. Query: `lang` (ja | en: the language of
    the badges, else the page's), `skip` (labels already used on the first sheet, 0-9) and
    `outlines=1` (each label's edge, for a test print on plain paper)."""
    event = get_object_or_404(Event, slug=slug)
    language = request.GET.get("lang", "")
    if language not in LANGUAGES:
        language = translation.get_language() or settings.LANGUAGE_CODE
    sheet = badges.A_ONE_51002
    pdf = badges.badges_pdf(
        event=event,
        language=language,
        skip=_number(request.GET.get("skip"), 0, sheet.per_sheet - 1),
        outlines=request.GET.get("outlines") == "1",
        sheet=sheet,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"badges-{event.slug}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    # A list of names: never kept by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    return response
