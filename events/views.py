"""Event pages: the list, an event, registration, tickets, calendars and the check-in desk."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import rules
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jetcareer.kana import search_q
from jetcareer.pagination import page_of, page_query
from jetcareer.permissions import participant_required, permission_required
from participants.models import ParticipantProfile

from . import eligibility, ics, selectors
from .filters import EventFilter
from .models import CalendarFeed, ConsultationSlot, Event, Registration
from .services import EventError, checkin
from .services import registrations as svc

DESK_SESSION_KEY = "checkin_desk_event"
JUST_REGISTERED = "registered"  # the ticket page's query flag after registering
QR_CACHE_SECONDS = 60 * 60 * 24 * 30
EXHIBITORS_PER_PAGE = 60
EVENTS_PER_PAGE = 24
LIST_CACHE_SECONDS = 60
MY_EVENTS_PER_PAGE = 20
# The tabs of "My events" (?show=): the default, and the past and cancelled registrations.
MY_EVENTS_COMING_UP, MY_EVENTS_PAST = "coming_up", "past"
# The stream link of an online event shows on the ticket from this long before the start.
JOIN_OPENS_BEFORE = timedelta(minutes=30)


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    if not request.user.is_authenticated:
        return None
    return ParticipantProfile.objects.filter(user=request.user).first()


def event_list(request: HttpRequest) -> HttpResponse:
    """The public list of events with its filters. The list and the filter form are cached for
    LIST_CACHE_SECONDS per language and address (the template's {% cache %}), under a version
    that changes whenever an event is saved (selectors.list_version): nothing is queried or
    rendered again until then, and a seat count or the time shows within a minute. The page is
    lazy, so a cached list costs no query."""
    data = request.GET.copy()
    for name, value in EventFilter.defaults.items():
        data.setdefault(name, value)
    event_filter = EventFilter(data, queryset=selectors.event_list())
    page = SimpleLazyObject(lambda: page_of(request, event_filter.qs, EVENTS_PER_PAGE))
    return render(
        request,
        "events/event_list.html",
        {
            "filter": event_filter,
            "page": page,
            "list_version": selectors.list_version(),
            "list_cache_seconds": LIST_CACHE_SECONDS,
        },
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.select_related("organizer", "series"), slug=slug, is_published=True
    )
    profile = _profile(request)
    registration = None
    if profile:
        registration = Registration.objects.live().filter(event=event, participant=profile).first()
        if registration:
            # The event and person are in hand: the interview and ticket parts of the page
            # read them from the registration without another query.
            registration.event, registration.participant = event, profile
    # A national fair has thousands of exhibitors: a page of them at a time, the same for
    # everyone, so the template caches it (per page and language, until an exhibitor, an
    # employer or the event changes) and the page is only read on a miss.
    page_number = request.GET.get("page", "")
    exhibitors = SimpleLazyObject(
        lambda: Paginator(selectors.approved_exhibitors(event), EXHIBITORS_PER_PAGE).get_page(
            page_number
        )
    )
    # Staff at a hybrid event see who comes to the venue and who watches online (one query).
    counts = None
    if event.format == Event.Format.HYBRID and rules.has_perm("events.check_in", request.user):
        counts = selectors.desk_counts(event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "exhibitors": exhibitors,
            "exhibitor_page": page_number,
            "exhibitors_version": selectors.exhibitors_version(),
            "list_cache_seconds": LIST_CACHE_SECONDS,
            "registration": registration,
            "position": svc.waitlist_position(registration) if registration else None,
            "is_open": event.registration_is_open(),
            "is_full": event.is_full,
            "seats_left": event.seats_left,
            "refusal": eligibility.refusal(event, profile)
            if request.user.is_authenticated and request.user.is_participant
            else None,
            "profile_missing": profile is None,
            "counts": counts,
        },
    )


@require_POST
@login_required
@participant_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug, is_published=True)
    profile = _profile(request)
    try:
        registration = svc.register(
            event=event, profile=profile, attendance=request.POST.get("attendance", "")
        )
    except EventError as exc:
        messages.error(request, str(exc))
        if profile is None:  # the profile first, then back to the event
            return redirect(f"{reverse('participants:profile')}?next={event.get_absolute_url()}")
        return redirect(event)
    # The ticket page says what happened (JUST_REGISTERED in its address): a message in the
    # session would cost a write of the session here and another on the ticket page.
    return redirect(f"{registration.get_absolute_url()}?{JUST_REGISTERED}")


def _own_registration(
    request: HttpRequest, token: str, staff_permission: str = "events.view_any_ticket"
) -> Registration:
    """The person's own registration, or any for staff holding `staff_permission`; everyone
    else gets a 404."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "participant__user"), ticket_token=token
    )
    owner = registration.participant and registration.participant.user_id == request.user.pk
    if not (owner or rules.has_perm(staff_permission, request.user)):
        raise Http404
    return registration


def _qr_svg(url: str) -> str:
    """The check-in QR code of `url` as inline SVG, drawn once and then kept in the cache: the
    ticket page is opened again and again (at the entrance too), and drawing costs more than
    the rest of the page. Keyed by a hash of the address, which holds the ticket's token."""
    key = "ticket-qr:" + hashlib.sha256(url.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#0b3d6e")
        cache.set(key, svg, QR_CACHE_SECONDS)
    return svg


@login_required
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration = _own_registration(request, token)
    checkin_url = request.build_absolute_uri(
        reverse("events:check_in", kwargs={"token": registration.ticket_token})
    )
    position = svc.waitlist_position(registration)
    just_registered = None
    if JUST_REGISTERED in request.GET and registration.status != Registration.Status.CANCELLED:
        just_registered = (
            _("You are registered. Your ticket is below.")
            if registration.is_confirmed
            else _("The event is full: you are number %(n)s on the waiting list.") % {"n": position}
        )
    event = registration.event
    # An online event has no door: no QR code, a join section instead (issue #16); at a hybrid
    # event the person's choice decides (Registration.comes_to_venue, joins_online).
    at_the_door = registration.is_confirmed and registration.comes_to_venue
    may_change = (
        event.format == Event.Format.HYBRID
        and registration.status != Registration.Status.CANCELLED
        and not registration.checked_in_at
        and not event.is_cancelled
        and timezone.now() < event.starts_at
    )
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": event,
            "just_registered": just_registered,
            "position": position,
            "qr_svg": mark_safe(_qr_svg(checkin_url)) if at_the_door else "",  # noqa: S308 - segno output
            "may_change_attendance": may_change,
            "join_opens_at": event.starts_at - JOIN_OPENS_BEFORE,
            "can_join": event.starts_at - JOIN_OPENS_BEFORE <= timezone.now() <= event.ends_at,
            "google_calendar_url": ics.google_calendar_url(event),
            "outlook_calendar_url": ics.outlook_calendar_url(event),
        },
    )


@login_required
def ticket_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _own_registration(request, token)
    response = HttpResponse(ics.registration_ics(registration), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@require_POST
@login_required
def change_attendance(request: HttpRequest, token: str) -> HttpResponse:
    """A hybrid event's registration switches between the venue and watching online, until
    the event starts (services.registrations.change_attendance); back to the ticket."""
    registration = _own_registration(request, token, "events.cancel_any_registration")
    attendance = request.POST.get("attendance", "")
    try:
        changed = svc.change_attendance(registration=registration, attendance=attendance)
    except EventError as exc:
        messages.error(request, str(exc))
        return redirect(registration)
    if changed and attendance == Registration.Attendance.ONLINE:
        messages.success(request, _("You will watch online. The link to join is on this page."))
    elif changed:
        messages.success(
            request, _("You will come to the venue. Show the QR code on this page at the entrance.")
        )
    return redirect(registration)


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask first (GET: the event, its date, what happens to the seat), then cancel the seat or
    leave the waiting list (POST). A registration that can no longer be cancelled, or already
    is, goes back to its ticket, which says so."""
    registration = _own_registration(request, token, "events.cancel_any_registration")
    if request.method == "GET":
        if registration.status == Registration.Status.CANCELLED:
            return redirect(registration)
        refusal = svc.cancellation_refusal(registration)
        if refusal:
            messages.error(request, refusal)
            return redirect(registration)
        return render(
            request,
            "events/cancel_confirm.html",
            {
                "registration": registration,
                "event": registration.event,
                "position": svc.waitlist_position(registration),
                "has_consultation": registration.participant_id is not None
                and ConsultationSlot.objects.filter(
                    event_id=registration.event_id, booked_by_id=registration.participant_id
                ).exists(),
            },
        )
    was_waiting = registration.is_waitlisted
    try:
        svc.cancel_registration(registration=registration)
    except EventError as exc:
        messages.error(request, str(exc))
        return redirect(registration)
    if was_waiting:
        messages.success(request, _("You have left the waiting list."))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.event)


@login_required
@participant_required
def my_events(request: HttpRequest) -> HttpResponse:
    """The person's registrations, a page at a time, in two tabs (`?show=`): the events coming
    up (seats and waiting places) and, with `past`, the past and cancelled ones, marked so (the
    lists of my page, whole)."""
    profile = _profile(request)
    show = MY_EVENTS_PAST if request.GET.get("show") == MY_EVENTS_PAST else MY_EVENTS_COMING_UP
    if profile is None:
        registrations = Registration.objects.none()
    elif show == MY_EVENTS_PAST:
        registrations = selectors.past_and_cancelled_registrations(profile, timezone.now())
    else:
        registrations = selectors.coming_up_registrations(profile, timezone.now())
    feed = CalendarFeed.objects.get_or_create(participant=profile)[0] if profile else None
    feed_url = (
        request.build_absolute_uri(reverse("events:calendar_feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(
        request,
        "events/my_events.html",
        {
            "show": show,
            "page_query": page_query(request),
            "registrations": page_of(request, registrations, MY_EVENTS_PER_PAGE),
            # The same subscription box as my page (portal/_my_calendar.html).
            "calendar": ics.calendar_links(feed_url) if feed_url else None,
        },
    )


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private, unguessable URL a calendar app subscribes to; no login possible there."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("participant"), token=token)
    # Cancelled registrations too: an upcoming event the person or staff cancelled stays in the
    # feed as STATUS:CANCELLED so the calendar removes it (ics.feed_ics drops past ones).
    registrations = Registration.objects.filter(participant=feed.participant).select_related(
        "event"
    )
    return HttpResponse(ics.feed_ics(registrations), content_type="text/calendar")


@login_required
@permission_required("events.check_in")
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """The QR code's URL: staff see the ticket and check the person in with one tap."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "participant"), ticket_token=token
    )
    desk = Event.objects.filter(pk=request.session.get(DESK_SESSION_KEY)).first()
    result, refused, already = None, None, False
    if request.method == "POST":
        try:
            result, already = svc.check_in(registration=registration, desk_event=desk)
        except svc.CheckInRefused as exc:
            refused = str(exc)
        if request.POST.get("next") == "desk" and desk:
            name = registration.participant or _("Deleted account")
            if refused:
                messages.error(request, refused)
            elif _watches_online(registration):
                messages.warning(
                    request,
                    _("%(name)s is checked in. Note: registered to watch online.") % {"name": name},
                )
            else:
                messages.success(request, _("%(name)s is checked in.") % {"name": name})
            return redirect("events:checkin_desk", slug=desk.slug)
    return render(
        request,
        "events/check_in.html",
        {
            "registration": result or registration,
            "watches_online": _watches_online(registration),
            "desk": desk,
            "checked_in_now": result is not None and not already,
            "already": already,
            "refused": refused,
        },
    )


def _watches_online(registration: Registration) -> bool:
    """A hybrid event's registration that chose to watch online: the desk still checks the
    person in (plans change) but says so."""
    return (
        registration.event.format == Event.Format.HYBRID
        and registration.attendance == Registration.Attendance.ONLINE
    )


@login_required
@permission_required("events.check_in")
def checkin_desk(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff at the entrance: search by name, check in, watch the count."""
    event = get_object_or_404(Event, slug=slug)
    request.session[DESK_SESSION_KEY] = event.pk
    query = request.GET.get("q", "").strip()
    confirmed = Registration.objects.confirmed().filter(event=event)
    results = []
    if query:
        results = confirmed.filter(
            # However the name was typed (jetcareer.kana.search_form: kana, accents, case).
            search_q(query, "participant__search_name")
            | Q(participant__full_name__icontains=query)
            | Q(participant__user__email__icontains=query)
        ).select_related("participant")[:30]
    counts = selectors.desk_counts(event)
    context = {
        "event": event,
        "query": query,
        "results": results,
        "confirmed": counts.confirmed,
        "checked_in": counts.checked_in,
        "counts": counts,
        "is_hybrid": event.format == Event.Format.HYBRID,
        "checkin_opens_at": svc.checkin_opens_at(event),
        "checkin_is_open": svc.checkin_opens_at(event) <= timezone.now(),
        # After it the scanner keeps no list (checkin.list_kept_until): no link to it.
        "scanner_is_open": checkin.list_is_handed_out(event),
    }
    template = "events/_desk_count.html" if request.GET.get("part") == "count" else None
    return render(request, template or "events/checkin_desk.html", context)
