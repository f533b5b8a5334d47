"""The owner's control over their private calendar feed: a new secret address on request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.permissions import participant_required
from participants.models import ParticipantProfile

from .services import calendar_feeds


@require_POST
@login_required
@participant_required
def rotate_calendar_feed(request: HttpRequest) -> HttpResponse:
    """Replace the feed's address (the button under it on "My events") and go back there."""
    profile = ParticipantProfile.objects.filter(user=request.user).first()
    if profile is None:  # no profile yet, so no feed to replace
        return redirect("events:mine")
    calendar_feeds.rotate_calendar_feed(profile=profile)
    messages.success(
        request,
        _(
            "Your calendar subscription has a new address. The old one no longer works: "
            "subscribe to the new address in your calendar app."
        ),
    )
    return redirect("events:mine")
