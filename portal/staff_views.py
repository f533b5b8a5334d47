"""The staff start page: what waits for the signed-in staff member, and the events ahead."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jetcareer.permissions import is_staff, staff_with

from . import selectors


@login_required
def staff_start(request: HttpRequest) -> HttpResponse:
    """For staff only (403 otherwise): the queues of work the staff member's permissions let
    them act on, with counts and links to the filtered admin lists, and, for staff who may
    see events, the next events with seats and waiting lists. The number of queries does not
    grow with the data (tests/portal/test_staff_start.py)."""
    user = request.user
    if not is_staff(user):
        raise PermissionDenied
    now = timezone.now()
    sees_events = staff_with("events.view_event").test(user)
    upcoming, past = selectors.events_for_staff(now) if sees_events else ([], [])
    return render(
        request,
        "portal/staff_start.html",
        {
            "now": now,
            "waiting": selectors.waiting_for(user),
            "sees_events": sees_events,
            "sees_registrations": staff_with("events.view_registration").test(user),
            "upcoming_events": upcoming,
            "past_events": past,
        },
    )
