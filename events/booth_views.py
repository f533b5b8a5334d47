"""Booth lead capture pages (issue #17): a participant's switch on their ticket ("share my
profile with booths that scan my ticket"); for members of an organisation approved to exhibit
at a fair, the booth scanner (a phone page that keeps the camera open), its JSON scan endpoint,
the list of the booth's scanned visitors with the organisation's rating and note, and its
download (CSV for Excel, .xlsx). Thin: parse, check permission, call
events.services.booth_leads, render; the reads are events/booth_selectors.py.

An exhibitor sees of a visitor what the résumé book shows (templates/events/_profile_summary.html
and its export columns), never more: no e-mail address, no contracting organisation; the CV
only where the person also shares it with employers (participants.download_cv).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.choices import JobType
from jetcareer.pagination import page_of, page_query
from jetcareer.spreadsheets import csv_response

from . import booth_selectors as selectors
from .booths import BoothLead
from .exhibitor_views import _entry, _export_header, _export_rows, _xlsx_response
from .models import Event, Exhibitor, Registration
from .services import EventError
from .services import booth_leads as svc

LEADS_PER_PAGE = 20
SCAN_BODY_LIMIT = 2048  # bytes: {"token": "<uuid>"} fits many times over


class NotAtBooth(PermissionDenied):
    """The user is no member of an organisation approved to exhibit at the fair."""


def _booth(request: HttpRequest, slug: str) -> Exhibitor:
    """The user's organisation's approved exhibitor at the fair `slug` (a published career fair,
    else 404); NotAtBooth (403) for anyone else (the rule "events.use_booth")."""
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR, is_published=True)
    if not rules.has_perm("events.use_booth", request.user, event):
        raise NotAtBooth
    exhibitor = (
        Exhibitor.objects.select_related("event", "employer")
        .filter(
            event=event,
            employer_id=request.user.employer_membership.employer_id,
            status=Exhibitor.Status.APPROVED,
        )
        .first()
    )
    if exhibitor is None:  # withdrawn a moment ago
        raise NotAtBooth
    return exhibitor


def _not_at_booth(request: HttpRequest, slug: str) -> HttpResponse:
    """403, saying who may use a booth's pages."""
    event = Event.objects.filter(slug=slug).first()
    return render(request, "events/booth/not_exhibiting.html", {"event": event}, status=403)


def booth_page(view: Any) -> Any:
    """A booth page's view: NotAtBooth answers the 403 page that says why."""

    def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, slug, *args, **kwargs)
        except NotAtBooth:
            return _not_at_booth(request, slug)

    wrapped.__doc__, wrapped.__name__ = view.__doc__, view.__name__
    return wrapped


def _counts_json(exhibitor: Exhibitor) -> dict[str, int]:
    counts = selectors.booth_counts(exhibitor)
    return {"visits": counts.visits, "leads": counts.leads}


def _job_type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in JobType.choices}


def _card(lead: BoothLead, *, today: Any, job_types: dict[str, str]) -> dict[str, Any]:
    """What a lead's card shows: the résumé book's entry of the person, and the lead."""
    return {**_entry(lead.registration.participant, today, job_types), "lead": lead}


def _card_settings() -> dict[str, Any]:
    """What every lead card's form offers: the ratings and the note's length."""
    return {"ratings": BoothLead.Rating.choices, "note_max_length": svc.NOTE_MAX_LENGTH}


# --- The participant's switch on the ticket page ----------------------------------------------


@require_POST
@login_required
def sharing(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket's owner turns "share my profile with booths that scan my ticket" on or off
    (a checkbox `shares`); back to the ticket. Nobody else may, staff included (404)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event"),
        ticket_token=token,
        participant__user=request.user,
    )
    shares = request.POST.get("shares") == "on"
    try:
        changed = svc.set_sharing(registration, shares=shares)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        if changed and shares:
            messages.success(request, _("Booths that scan your ticket will now see your profile."))
        elif changed:
            messages.success(
                request,
                _(
                    "Booths that scan your ticket will now only count your visit. Booths that "
                    "scanned it before no longer see your profile."
                ),
            )
    return redirect(registration.get_absolute_url() + "#booth-sharing")


# --- The booth scanner ------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    """What the scanner page's script says, in the reader's language."""
    return {
        "notATicket": _("This QR code is not a ticket of the JET Career Portal."),
        "cameraError": _(
            "The camera could not be opened. Allow this site to use the camera and try again."
        ),
        "signedOut": _("You are signed out: sign in again to go on scanning."),
        "failed": _("The scan could not be sent. Check the network and scan again."),
        "counts": _("Visitors scanned: %(visits)s · shared their profile: %(leads)s"),
        "saved": _("Saved. Every member of your organisation sees it."),
    }


@login_required
@booth_page
def scanner(request: HttpRequest, slug: str) -> HttpResponse:
    """The booth scanner for a phone: camera, the scanned visitor's card or the anonymous
    visit, the booth's counts. Decoding is static/js/scanner/camera.js, shared with the
    check-in scanner; each scan is decided by `scan`."""
    exhibitor = _booth(request, slug)
    event = exhibitor.event
    config = {
        "urls": {
            "scan": reverse("events:booth_scan", args=[event.slug]),
            "jsqr": static("vendor/jsqr/jsQR.js"),
        },
        "csrf": get_token(request),
        "labels": _labels(),
    }
    return render(
        request,
        "events/booth/scanner.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "config": config,
            "counts": selectors.booth_counts(exhibitor),
            "refusal": svc.scanning_refusal(event),
        },
    )


def _json_error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_POST
@login_required
def scan(request: HttpRequest, slug: str) -> JsonResponse:
    """One scanned ticket (JSON {"token": "…"}): answers {kind: lead | visit | refused, code,
    message, first_visit, html (the lead's card), counts}. A body that is not such an object
    answers 400 with the reason; someone who may not use the booth, 403."""
    try:
        exhibitor = _booth(request, slug)
    except NotAtBooth:
        return _json_error(
            gettext("Only members of an organisation exhibiting at this fair can use its booth."),
            status=403,
        )
    token: Any = None
    if request.content_type == "application/json" and len(request.body) <= SCAN_BODY_LIMIT:
        try:
            payload = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            payload = None
        if isinstance(payload, dict):
            token = payload.get("token")
    if not isinstance(token, str):
        return _json_error(gettext('Send the scanned ticket as {"token": "…"}.'))
    result = svc.scan_at_booth(exhibitor=exhibitor, token=token, by=request.user)
    html = ""
    if result.lead is not None:
        lead = selectors.leads_for(exhibitor).get(pk=result.lead.pk)
        html = render_to_string(
            "events/booth/_lead_card.html",
            {
                "event": exhibitor.event,
                "entry": _card(lead, today=timezone.localdate(), job_types=_job_type_labels()),
                **_card_settings(),
            },
            request=request,
        )
    return JsonResponse(
        {
            "kind": result.kind.value,
            "code": result.code,
            "message": result.message,
            "first_visit": result.first_visit,
            "html": html,
            "counts": _counts_json(exhibitor),
        }
    )


# --- The booth's scanned visitors -------------------------------------------------------------


@login_required
@booth_page
def leads(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's scanned visitors at the fair who share their profile now, newest
    first, a page at a time, each with the organisation's rating and note; and the booth's
    counts (every visitor scanned, and those shown)."""
    exhibitor = _booth(request, slug)
    page = page_of(request, selectors.leads_for(exhibitor), LEADS_PER_PAGE)
    today, job_types = timezone.localdate(), _job_type_labels()
    return render(
        request,
        "events/booth/leads.html",
        {
            "event": exhibitor.event,
            "exhibitor": exhibitor,
            "page": page,
            "entries": [_card(lead, today=today, job_types=job_types) for lead in page],
            "visits": selectors.booth_counts(exhibitor).visits,
            "page_query": page_query(request),
            **_card_settings(),
        },
    )


def _leads_url(event: Event, page: str, anchor: int) -> str:
    url = reverse("events:booth_leads", args=[event.slug])
    if page.isdigit():
        url += f"?page={page}"
    return f"{url}#lead-{anchor}"


@require_POST
@login_required
@booth_page
def lead_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save the organisation's rating (`rating`: 1-3 or empty) and note (`note`) on a lead it
    may see now (404 for another organisation's, or a person who no longer shares). Answers
    JSON for the scanner page (Accept: application/json), else back to the list's page."""
    exhibitor = _booth(request, slug)
    lead = get_object_or_404(selectors.leads_for(exhibitor), pk=pk)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        svc.update_lead(
            lead, rating=request.POST.get("rating"), note=request.POST.get("note", ""),
            by=request.user,
        )  # fmt: skip
    except EventError as exc:
        if wants_json:
            return _json_error(str(exc))
        messages.error(request, str(exc))
    else:
        if wants_json:
            return JsonResponse({"message": _("Saved. Every member of your organisation sees it.")})
        messages.success(request, _("Saved. Every member of your organisation sees it."))
    return redirect(_leads_url(exhibitor.event, request.POST.get("page", ""), lead.pk))


# --- Downloads ---------------------------------------------------------------------------------


def _export_columns() -> tuple[list[str], int]:
    """The résumé book's profile columns up to its CV column (whether a CV exists and when the
    person consented to employers are the résumé book's business), then the lead's own."""
    header = _export_header(shortlist=False)
    cut = header.index(gettext("CV"))
    field = BoothLead._meta.get_field
    return [
        *header[:cut],
        str(capfirst(field("scanned_at").verbose_name)),
        str(capfirst(field("scanned_by").verbose_name)),
        # The words of the lead card (_lead_card.html), so the file and the page agree.
        pgettext("booth visitor", "Interest"),
        pgettext("booth visitor", "Note"),
    ], cut


def _lead_rows(leads: Iterable[BoothLead], cut: int) -> Iterator[list[object]]:
    leads = list(leads)
    profiles = (lead.registration.participant for lead in leads)
    for lead, row in zip(leads, _export_rows(profiles, shortlist=False), strict=True):
        scanned = timezone.localtime(lead.scanned_at).strftime("%Y-%m-%d %H:%M")
        by = lead.scanned_by.email if lead.scanned_by else ""
        yield [*row[:cut], scanned, by, lead.get_rating_display() if lead.rating else "", lead.note]


@login_required
@booth_page
def leads_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The booth's scanned visitors as CSV for Excel (UTF-8 with a byte-order mark) or .xlsx,
    in scan order, with the organisation's ratings and notes. Consent is read by this request:
    someone who withdrew it after the page was loaded is not in the file. Every cell is
    formula-safe (jetcareer.spreadsheets)."""
    exhibitor = _booth(request, slug)
    header, cut = _export_columns()
    rows = _lead_rows(selectors.leads_for(exhibitor).order_by("scanned_at", "pk"), cut)
    name = f"booth-visitors-{exhibitor.event.slug}"
    if fmt == "xlsx":
        return _xlsx_response(
            filename=f"{name}.xlsx", title=gettext("Booth visitors"), header=header, rows=rows
        )
    return csv_response(filename=f"{name}.csv", header=header, rows=rows)
