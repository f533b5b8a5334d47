"""Template tags of booth interviews (issue #17), so the pages they appear on include a partial
and change nothing else: the fair's page (`booth_interviews`), the ticket's fair-day agenda
(`interview_agenda`) and the résumé book's cards (`interview_candidate`). Each reads through
events.services.interviews, a fixed number of queries per page. Load with
`{% load interviews %}`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import template
from django.db.models import Exists, OuterRef
from django.utils import timezone

from events import interview_selectors as reads
from events.models import Event, Exhibitor, InterviewBooking, InterviewSlot, Registration

register = template.Library()


@register.simple_tag
def booth_interviews(registration: Registration | None) -> reads.ParticipantInterviews | None:
    """`{% booth_interviews registration as interviews %}`: what the fair's page shows the
    registrant (interview_selectors.for_participant); None, without a query, for no live
    registration or an event that is not a career fair."""
    return reads.for_participant(registration=registration)


@register.simple_tag
def interview_agenda(registration: Registration | None) -> list[InterviewBooking]:
    """`{% interview_agenda registration as interviews %}`: the person's booked interviews in
    time order; none (without a query) unless the registration is a confirmed seat at a fair."""
    if (
        registration is None
        or not registration.is_confirmed
        or registration.event.kind != Event.Kind.CAREER_FAIR
    ):
        return []
    return reads.agenda(registration)


@dataclass(frozen=True)
class Candidate:
    """One résumé book card's interview controls: the reader's exhibitor at the fair, whether
    it offers upcoming times, and when it invited the person and interviews them."""

    exhibitor: Exhibitor
    has_times: bool
    invited_at: datetime | None
    booked_at: datetime | None


@dataclass(frozen=True)
class _Page:
    exhibitor: Exhibitor | None  # with `has_times`
    states: dict[int, reads.CandidateState]


_PAGE_KEY = "_interview_candidates"


def _page(context: template.Context, event: Event) -> _Page:
    """What the whole page of cards needs, read once per request: the reader's exhibitor
    (whether it offers upcoming times) and the states of the people on the page (the `entries`
    of the résumé book's context). Two queries, however many cards."""
    request = context.get("request")
    page = getattr(request, _PAGE_KEY, None)
    if page is not None:
        return page
    user = getattr(request, "user", None)
    exhibitor, states = None, {}
    if user is not None and hasattr(user, "employer_membership"):
        upcoming = InterviewSlot.objects.filter(
            exhibitor=OuterRef("pk"), starts_at__gt=timezone.now()
        )
        exhibitor = (
            Exhibitor.objects.filter(
                event=event,
                employer_id=user.employer_membership.employer_id,
                status=Exhibitor.Status.APPROVED,
                wants_booth=True,
            )
            .annotate(has_times=Exists(upcoming))
            .first()
        )
    if exhibitor is not None:
        ids = [entry["profile"].pk for entry in context.get("entries") or ()]
        states = reads.candidate_states(exhibitor=exhibitor, participant_ids=ids)
    page = _Page(exhibitor, states)
    if request is not None:
        setattr(request, _PAGE_KEY, page)
    return page


@register.simple_tag(takes_context=True)
def interview_booth(context: template.Context, event: Event) -> Exhibitor | None:
    """`{% interview_booth event as booth %}`: the reader's organisation's approved exhibitor
    with a booth at `event` (which holds booth interviews), or None. Read once per request
    with the cards' states (`_page`): the résumé book's header links its interviews."""
    return _page(context, event).exhibitor


@register.simple_tag(takes_context=True)
def interview_candidate(context: template.Context, event: Event, profile: Any) -> Candidate | None:
    """`{% interview_candidate event profile as candidate %}`: the card's interview controls,
    or None when the reader's organisation holds no booth interviews at the fair."""
    page = _page(context, event)
    if page.exhibitor is None:
        return None
    state = page.states.get(profile.pk, reads.CandidateState())
    return Candidate(page.exhibitor, page.exhibitor.has_times, state.invited_at, state.booked_at)
