"""Who may register for an event: the audience rule, explained to those who may not."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer.web.dates import format_day
from participants.models import ParticipantProfile

from .models import Event


def end_of_coming_summer(day: date) -> date:
    """JET terms end in July or August: 'finishing this summer' means by the next 31 August."""
    year = day.year if day.month <= 8 else day.year + 1
    return date(year, 8, 31)


def refusal(event: Event, profile: ParticipantProfile | None) -> str | None:
    """None if the person may register, otherwise the reason in the active language."""
    if profile is None:
        return _("Please complete your profile before registering.")
    day = timezone.localtime(event.starts_at).date()
    Status, Audience = ParticipantProfile.Status, Event.Audience
    if event.audience == Audience.OPEN:
        return None
    if profile.status == Status.OTHER:
        return _("This event is for JET participants and alumni only.")
    if event.audience == Audience.ALL_JET:
        return None
    if event.audience == Audience.FINISHING_AND_ALUMNI:
        if profile.status == Status.ALUMNI:
            return None
        summer_end = end_of_coming_summer(day)
        if profile.term_end_date and profile.term_end_date <= summer_end:
            return None
        return _(
            "This event is for participants whose term ends by %(date)s and for alumni; "
            "your profile says your term ends on %(end)s."
        ) % {
            "date": format_day(summer_end),
            "end": format_day(profile.term_end_date) or "-",
        }
    if event.audience == Audience.SECOND_YEAR_PLUS:
        if profile.status != Status.CURRENT:
            return _("This event is for current participants in their 2nd year or later.")
        years = profile.years_on_jet(day)
        if years >= 2:
            return None
        return _(
            "This event is for current participants in their 2nd year or later; on the day "
            "of the event you will be in year %(years)s."
        ) % {"years": years}
    return None
