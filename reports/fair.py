"""A fair's day in numbers (issue #17): check-ins over time, each exhibitor's booth visits,
leads and interviews, and the share of visitors who had an interview.

`fair_day` reads it all in three queries however many visitors and exhibitors the fair has
(the counts are grouped by the database, never one query per exhibitor), and lays out the
check-in chart the report page draws as an inline SVG.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, ExtractMinute, TruncHour
from django.utils import timezone

from events.booths import BoothLead, BoothVisit, InterviewBooking
from events.models import Event, Exhibitor, Registration

from .figures import share

BUCKET_MINUTES = 15
# A day at most (96 quarters) is drawn with its empty quarters; check-ins spread wider than
# that (a desk opened the day before) show only the quarters that had some, so the chart and
# its table stay bounded.
MAX_FILLED_BUCKETS = 24 * 60 // BUCKET_MINUTES

# The chart's geometry in SVG units, one CSS pixel each (a narrower screen scales it down).
CHART_HEIGHT = 220
PLOT_TOP = 12
PLOT_BOTTOM = 190  # the axis; time labels under it
PLOT_LEFT = 40  # room for the count labels
BAR_STEP = 22
BAR_WIDTH = 16
CHART_RIGHT_PAD = 16  # half a time label past the last bar
TIME_LABEL_WIDTH = 36  # "12:45" at font-size 11 with a little room either side
# The fewest bars from one time label to the next, so that two labels never touch ("12:4513:00").
LABEL_GAP = math.ceil(TIME_LABEL_WIDTH / BAR_STEP)


@dataclass(frozen=True)
class Bucket:
    """Check-ins in the quarter hour from `starts_at` (Japan time)."""

    starts_at: datetime
    count: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=BUCKET_MINUTES)


@dataclass(frozen=True)
class Bar:
    """A bucket drawn: its rectangle, and whether its start is labelled on the time axis."""

    bucket: Bucket
    x: float
    y: float
    width: float
    height: float
    labelled: bool

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    """A count on the vertical axis and its height."""

    value: int
    y: float

    @property
    def label_y(self) -> float:
        return self.y + 3.5  # the label's baseline: its digits centred on the line


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: list[Bar]
    ticks: list[Tick]
    plot_left: float = PLOT_LEFT
    plot_bottom: float = PLOT_BOTTOM
    plot_top: float = PLOT_TOP

    @property
    def plot_right(self) -> float:
        return self.width - CHART_RIGHT_PAD

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 16

    @property
    def label_x(self) -> float:
        return self.plot_left - 6


@dataclass(frozen=True)
class ExhibitorFigures:
    """One exhibitor's day: `visits`, visitors scanned at the booth (consenting or not, each
    once); `leads`, those who shared their profile; `interviews`, interviews booked and not
    cancelled."""

    exhibitor: Exhibitor
    visits: int
    leads: int
    interviews: int

    @property
    def name(self) -> str:
        return str(self.exhibitor.employer)


@dataclass(frozen=True)
class FairDay:
    buckets: list[Bucket]
    exhibitors: list[ExhibitorFigures]
    visitors: int  # checked in
    interviewed: int  # of them, with at least one booked interview

    @property
    def interview_share(self) -> int | None:
        """Whole per cent of visitors with at least one booked interview; None without
        visitors."""
        return share(self.interviewed, self.visitors)

    @property
    def checked_in(self) -> int:
        return sum(b.count for b in self.buckets)

    @property
    def busiest(self) -> Bucket | None:
        """The first of the quarters with the most check-ins."""
        return max(self.buckets, key=lambda b: b.count, default=None)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "visits": sum(e.visits for e in self.exhibitors),
            "leads": sum(e.leads for e in self.exhibitors),
            "interviews": sum(e.interviews for e in self.exhibitors),
        }

    @property
    def chart(self) -> Chart | None:
        return chart(self.buckets) if self.buckets else None


def fair_day(event: Event) -> FairDay:
    """The fair-day figures of `event`. Three queries whatever the numbers: the check-ins per
    quarter hour, the exhibitors with their counts, the visitors with an interview.

    Visitors are confirmed registrations checked in, erased people included (they stay an
    anonymous count, as in Event.checked_in_count). Exhibitors listed are the approved ones
    with a booth, and any other that has booth activity (one withdrawn after the fair)."""
    return FairDay(
        buckets=checkins_per_quarter(event),
        exhibitors=exhibitor_figures(event),
        **_visitors(event),
    )


def checkins_per_quarter(event: Event) -> list[Bucket]:
    """Check-ins of `event` per BUCKET_MINUTES in Japan time, from the first quarter with a
    check-in to the last, empty quarters between included (up to MAX_FILLED_BUCKETS). One
    query, grouped by the database."""
    tz = timezone.get_default_timezone()  # Japan time, where every fair happens
    rows = (
        Registration.objects.checked_in()
        .filter(event=event)
        .order_by()
        .values(
            hour=TruncHour("checked_in_at", tzinfo=tz),
            quarter=Cast(ExtractMinute("checked_in_at", tzinfo=tz), IntegerField())
            / BUCKET_MINUTES,
        )
        .annotate(n=Count("pk"))
        .values_list("hour", "quarter", "n")
    )
    counts: dict[datetime, int] = {}
    for hour, quarter, n in rows:
        start = timezone.localtime(hour, tz) + timedelta(minutes=quarter * BUCKET_MINUTES)
        counts[start] = counts.get(start, 0) + n
    if not counts:
        return []
    first, last = min(counts), max(counts)
    step = timedelta(minutes=BUCKET_MINUTES)
    if (last - first) // step + 1 > MAX_FILLED_BUCKETS:
        return [Bucket(start, counts[start]) for start in sorted(counts)]
    buckets, start = [], first
    while start <= last:
        buckets.append(Bucket(start, counts.get(start, 0)))
        start += step
    return buckets


def _count_of(model: type, **filters: object) -> Coalesce:
    """A subquery counting `model`'s rows of the outer exhibitor (0 when none)."""
    rows = (
        model.objects.filter(exhibitor=OuterRef("pk"), **filters)
        .order_by()
        .values("exhibitor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def exhibitor_figures(event: Event) -> list[ExhibitorFigures]:
    """Each exhibitor's booth visits, leads and booked interviews at `event`, in booth order
    (labels as people read them: A-2 before A-10), then by name. One query: the counts are
    subqueries of the exhibitor rows, so no count multiplies another."""
    exhibitors = (
        Exhibitor.objects.filter(event=event)
        .select_related("employer")
        .annotate(
            visit_count=_count_of(BoothVisit),
            lead_count=_count_of(BoothLead),
            interview_count=_count_of(InterviewBooking, status=InterviewBooking.Status.BOOKED),
        )
        .filter(
            Q(status=Exhibitor.Status.APPROVED, wants_booth=True)
            | Q(visit_count__gt=0)
            | Q(lead_count__gt=0)
            | Q(interview_count__gt=0)
        )
    )
    rows = [
        ExhibitorFigures(
            exhibitor=e, visits=e.visit_count, leads=e.lead_count, interviews=e.interview_count
        )
        for e in exhibitors
    ]
    return sorted(rows, key=lambda r: (*_booth_key(r.exhibitor.booth_label), r.name.casefold()))


def _booth_key(label: str) -> tuple[bool, list[tuple[int, int | str]]]:
    """Booth labels in natural order, numbers by value; exhibitors without a label last."""
    parts = [
        (0, int(p)) if p.isdigit() else (1, p.casefold()) for p in re.findall(r"\d+|\D+", label)
    ]
    return (not label, parts)


def _visitors(event: Event) -> dict[str, int]:
    """How many people were checked in at `event`, and how many of them had at least one
    booked interview there. One query."""
    booked = InterviewBooking.objects.filter(
        registration=OuterRef("pk"), status=InterviewBooking.Status.BOOKED
    )
    return (
        Registration.objects.checked_in()
        .filter(event=event)
        .aggregate(
            visitors=Count("pk"),
            interviewed=Count("pk", filter=Exists(booked)),
        )
    )


def chart(buckets: list[Bucket]) -> Chart:
    """The bar chart of `buckets`: one bar per quarter, counts to a rounded top with four or
    five gridlines, and time labels under the bars that never overlap (`_labelled`); every
    bar keeps its times in its <title> and the table beside the chart lists them all."""
    top = _rounded_top(max(b.count for b in buckets))
    step = _tick_step(max(b.count for b in buckets) or 1)
    scale = (PLOT_BOTTOM - PLOT_TOP) / top
    labelled = _labelled(buckets)
    bars = [
        Bar(
            bucket=b,
            x=PLOT_LEFT + i * BAR_STEP + (BAR_STEP - BAR_WIDTH) / 2,
            y=PLOT_BOTTOM - b.count * scale,
            width=BAR_WIDTH,
            height=b.count * scale,
            labelled=i in labelled,
        )
        for i, b in enumerate(buckets)
    ]
    ticks = [Tick(v, PLOT_BOTTOM - v * scale) for v in range(0, top + 1, step)]
    width = PLOT_LEFT + len(buckets) * BAR_STEP + CHART_RIGHT_PAD
    return Chart(width=width, height=CHART_HEIGHT, bars=bars, ticks=ticks)


def _labelled(buckets: list[Bucket]) -> set[int]:
    """The indexes of the bars whose start time is written under the axis: the hours' starts
    when the chart has two or more, otherwise every LABEL_GAP-th bar from the first (a chart of
    an hour or so). Either way a label comes at least LABEL_GAP bars after the one before, so
    labels never run together, also when only the busy quarters of a long spread are drawn
    (adjacent bars may then be hours apart)."""
    hours = [i for i, b in enumerate(buckets) if b.starts_at.minute == 0]
    wanted = hours if len(hours) >= 2 else range(0, len(buckets), LABEL_GAP)
    chosen: list[int] = []
    for i in wanted:
        if not chosen or i - chosen[-1] >= LABEL_GAP:
            chosen.append(i)
    return set(chosen)


def _tick_step(top: int) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most five steps up to `top`."""
    magnitude = 10 ** max(0, int(math.log10(top)) - 1) if top > 1 else 1
    for factor in (1, 2, 5, 10, 20, 50, 100):
        step = factor * magnitude
        if top / step <= 5:
            return step
    return top


def _rounded_top(highest: int) -> int:
    """The axis' top: `highest` (at least 1) rounded up to a multiple of its tick step."""
    highest = max(highest, 1)
    step = _tick_step(highest)
    return -(-highest // step) * step
