"""Reads of booth lead capture (issue #17): an organisation's scanned visitors at one fair, with
consent read at the moment of reading, and its booth's counts; each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from .booths import BoothLead, BoothVisit
from .models import Exhibitor


def leads_for(exhibitor: Exhibitor) -> QuerySet[BoothLead]:
    """The exhibitor's leads whose person shares their profile with exhibitors right now and
    still has an account (an erased one leaves the registration without participant), newest
    scan first, with the person and the member who scanned them: one query for any page.

    Consent is never copied onto the lead: turning it off on the ticket page hides the lead
    here, in the list, the scanner and the export, at once; turning it on again shows it."""
    return (
        BoothLead.objects.filter(
            exhibitor=exhibitor,
            registration__shares_with_exhibitors=True,
            registration__participant__isnull=False,
        )
        .select_related("registration__participant", "scanned_by")
        .order_by("-scanned_at", "-pk")
    )


@dataclass(frozen=True)
class BoothCounts:
    """How many people were scanned at the booth (`visits`, everyone, consenting or not) and
    how many of them the organisation may see now (`leads`)."""

    visits: int
    leads: int


def booth_counts(exhibitor: Exhibitor) -> BoothCounts:
    """The booth's counts now: two COUNT queries, whatever the number of visitors."""
    return BoothCounts(
        visits=BoothVisit.objects.filter(exhibitor=exhibitor).count(),
        leads=leads_for(exhibitor).order_by().count(),
    )
