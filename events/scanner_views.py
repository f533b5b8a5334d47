"""The check-in scanner for staff phones (issue #17): one page per event that keeps the camera
open and checks people in scan after scan, its offline ticket list, its live count, the sync of
the check-ins it queued, and the service worker that lets the page open again offline.

Staff holding the check-in permission only (`events.check_in`, as the desk). The decisions are
the services' (events.services.checkin, which calls registrations.check_in for each scan).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.permissions import permission_required
from jetcareer.web.dates import format_when

from .models import Event, Registration
from .services import EventError, registrations
from .services import checkin as svc

# The files the page needs, kept by the service worker so the page opens without a network.
SHELL_ASSETS = (
    "favicon.svg",
    "vendor/bootstrap/bootstrap.min.css",
    "css/site.css",
    "css/scanner.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/site.js",
    "js/scanner/scanner.js",
    "js/scanner/search.js",
    "js/scanner/store.js",
    "js/scanner/camera.js",
    "vendor/jsqr/jsQR.js",
)
SYNC_BODY_LIMIT = 256 * 1024  # bytes: MAX_SCANS_PER_BATCH scans fit many times over
POLL_SECONDS = 5


def _event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def _urls(event: Event) -> dict[str, str]:
    def url(name: str) -> str:
        return reverse(f"events:{name}", args=[event.slug])

    return {
        "page": url("scanner"),
        "sw": url("scanner_sw"),
        "tickets": url("scanner_tickets"),
        "state": url("scanner_state"),
        "sync": url("scanner_sync"),
        "desk": url("checkin_desk"),
        "jsqr": static("vendor/jsqr/jsQR.js"),
    }


def _labels(event: Event) -> dict[str, str]:
    """What the page's script says, in the reader's language ("%(…)s" filled in there)."""
    opens_at = registrations.checkin_opens_at(event)
    return {
        "checkedIn": _("Checked in. Welcome!"),
        "already": _("Already checked in at %(time)s."),
        "notOnList": _("Not on this event's list: a ticket of another event, or an unknown one."),
        "notATicket": _("This QR code is not a ticket of the JET Career Portal."),
        "cancelled": _("This registration was cancelled."),
        "waitlisted": _("This person is on the waiting list, without a seat."),
        "notOpen": _("Check-in opens at %(time)s.") % {"time": format_when(opens_at)},
        "deletedAccount": _("Deleted account"),
        "online": _("Connected"),  # the network; "Online" is also a way to attend
        "offlineBadge": _("Offline"),
        "offline": _(
            "Offline: check-ins are kept on this phone and sent when the network returns."
        ),
        "count": _("%(checked_in)s of %(confirmed)s checked in"),
        "queued": _("Waiting to be sent: %(count)s"),
        "savedOffline": _("Kept on this phone; it will be sent when the network returns."),
        "correctedRejected": _("Let in at %(time)s while offline, then refused: %(reason)s"),
        "correctedAlready": _(
            "Another phone checked this person in first, at %(time)s; that time is kept."
        ),
        "signedOut": _(
            "You are signed out: sign in again to send the check-ins kept on this phone."
        ),
        "cameraError": _(
            "The camera could not be opened. Allow this site to use the camera, or search by "
            "name below."
        ),
        "noMatch": _("Nobody on this event's list matches."),
        "checkIn": _("Check in"),
        "checkedInBadge": _("Checked in"),
        "listInfo": _("Tickets on this phone: %(count)s (list as of %(time)s)"),
        "notEmpty": _("Send the check-ins kept on this phone first."),
        "removed": _("The list was removed from this phone."),
        "expired": _("This event is over: its list was removed from this phone."),
        "over": _("This event is over: its list is no longer kept on phones."),
        "status_waitlisted": Registration.Status.WAITLISTED.label,
    }


@login_required
@permission_required("events.check_in")
def scanner(request: HttpRequest, slug: str) -> HttpResponse:
    """The scanner page: camera, result screen, live count, search by name (offline too)."""
    event = _event(slug)
    opens_at = registrations.checkin_opens_at(event)
    config = {
        "event": event.slug,
        "urls": _urls(event),
        "csrf": get_token(request),
        "opensAt": opens_at.isoformat(),
        "keepUntil": svc.list_kept_until(event).isoformat(),
        "timeZone": settings.TIME_ZONE,
        "pollSeconds": POLL_SECONDS,
        "labels": _labels(event),
    }
    return render(
        request,
        "events/scanner.html",
        {
            "event": event,
            "config": config,
            "counts": svc.live_counts(event),
            "checkin_opens_at": opens_at,
            "list_kept_until": svc.list_kept_until(event),
            "checkin_is_open": opens_at <= timezone.now(),
        },
    )


@login_required
@permission_required("events.check_in")
def service_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's service worker, served from the page's own folder so that its scope is that
    page (no Service-Worker-Allowed header needed): the settings of this event's scanner, then
    the worker's code, a static file. Its version changes with the static files' names, so a
    deployment with new files installs a new worker."""
    event = _event(slug)
    assets = [static(path) for path in SHELL_ASSETS]
    page = reverse("events:scanner", args=[event.slug])
    version = hashlib.sha256("\n".join([page, *assets]).encode()).hexdigest()[:12]
    worker = {"page": page, "assets": assets, "version": version}
    body = (
        "// The check-in scanner's service worker (events/scanner_views.py).\n"
        f"self.SCANNER = {json.dumps(worker)};\n"
        f"importScripts({json.dumps(static('js/scanner/worker.js'))});\n"
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new deployment's worker is found at once
    return response


@login_required
@permission_required("events.check_in")
def tickets(request: HttpRequest, slug: str) -> JsonResponse:
    """The event's ticket list for the phone to keep (events.services.checkin.desk_list); 410
    once the event is over and the list must leave the phones (checkin.list_kept_until)."""
    event = _event(slug)
    if not svc.list_is_handed_out(event):
        return JsonResponse(
            {"error": _("This event is over: its list is no longer kept on phones.")}, status=410
        )
    return JsonResponse(
        {
            "event": event.slug,
            "generated_at": timezone.now().isoformat(),
            "opens_at": registrations.checkin_opens_at(event).isoformat(),
            "tickets": svc.desk_list(event),
        }
    )


@login_required
@permission_required("events.check_in")
def state(request: HttpRequest, slug: str) -> JsonResponse:
    """What every phone polls: the live count, the server's time (phones correct their clock
    with it) and a fresh CSRF token (a page opened from the offline copy holds an old one)."""
    event = _event(slug)
    return JsonResponse(
        {
            **svc.live_counts(event),
            "now": timezone.now().isoformat(),
            "csrf": get_token(request),
        }
    )


@require_POST
@login_required
@permission_required("events.check_in")
def sync(request: HttpRequest, slug: str) -> JsonResponse:
    """A phone's scans (a JSON list of {token, scanned_at, device_id, local_id}): each decided
    by the server; answers each scan's result and the live count. A body that is not such a
    list answers 400 with the reason, and nothing is checked in."""
    event = _event(slug)
    try:
        if request.content_type != "application/json":  # a form's body is not scans
            raise EventError(_("Send the scans as a list."))
        if len(request.body) > SYNC_BODY_LIMIT:
            raise EventError(_("Send fewer scans at a time."))
        try:
            payload: Any = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise EventError(_("Send the scans as a list.")) from exc
        scans = svc.parse_scans(payload)
    except EventError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    results = svc.check_in_scans(event=event, scans=scans)
    return JsonResponse(
        {"results": [result.as_json() for result in results], **svc.live_counts(event)}
    )
