"""My page (issue #16): the participant's hub. Their profile, CV, consent and advisor role
(participants), and, each in a short list linking to its own page, their events coming up and
past, waiting-list places, consultations, internship applications and results, surveys to
answer and their private calendar address.

It reads every domain app, so it lives on the presentation floor (docs/architecture.md); the
URL keeps its place and name, /participants/me/ and `participants:my_page`
(portal/participant_urls.py).

The sections, in the order of the page (selectors.Hub, one partial each):
  upcoming        events coming up: seats with their tickets, places on the waiting list
  consultations   1:1 consultations booked
  applications    internship applications and their results (answer, report)
  job_applications  job applications and their stage (templates/jobs/_my_page_applications.html)
  surveys         surveys to answer
  past            past and cancelled registrations, with "see all"
  calendar        the calendar subscription (copy, webcal://, Google Calendar)
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.ics import calendar_links
from events.services import calendar_feeds
from jetcareer.permissions import participant_required
from participants.models import ParticipantProfile

from . import selectors


@login_required
@participant_required
def my_page(request: HttpRequest) -> HttpResponse:
    """The participant's page: profile completeness, profile, CV, consent and advisor, and
    every section of selectors.Hub. A fixed number of queries (tests/portal/test_my_page.py)."""
    profile = ParticipantProfile.objects.filter(user=request.user).first()
    if profile is None:
        messages.info(request, _("Please complete your profile first."))
        return redirect("participants:profile")
    percent, missing = profile.completeness()
    feed = calendar_feeds.feed_for(profile=profile)
    feed_url = request.build_absolute_uri(
        reverse("events:calendar_feed", kwargs={"token": feed.token})
    )
    return render(
        request,
        "portal/my_page.html",
        {
            "profile": profile,
            "percent": percent,
            "missing": missing,
            "years_on_jet": profile.years_on_jet(timezone.localdate()),
            "hub": selectors.hub_for(profile=profile, user=request.user),
            "calendar": calendar_links(feed_url),
        },
    )
