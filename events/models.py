"""Career fairs, webinars, trainings and networking events, and who organises them."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employers.models import Employer
from jetcareer.bilingual import BilingualField
from jetcareer.choices import Industry, Prefecture, cached_choice_labels
from jetcareer.model_fields import actor
from jetcareer.web.dates import format_aside, format_when
from jetcareer.web.links import object_url
from participants.models import ParticipantProfile


class HostOrganization(models.Model):
    """CLAIR, a prefecture or a city: who runs (or subsidises) an event."""

    class Kind(models.TextChoices):
        CLAIR = "clair", _("CLAIR")
        PREFECTURE = "prefecture", _("Prefecture")
        CITY = "city", _("City")

    name = BilingualField(
        models.CharField, _("name (English)"), _("name (Japanese)"), max_length=200
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=Prefecture.choices, blank=True
    )

    class Meta:
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")
        ordering = ["kind", "prefecture", "name_en"]

    def __str__(self) -> str:
        return self.name  # in the reader's language


class EventSeries(models.Model):
    """One fair held at several venues (2019: Fukuoka, Osaka and the Tokyo area)."""

    title = BilingualField(
        models.CharField, _("title (English)"), _("title (Japanese)"), max_length=200
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-slug"]

    def __str__(self) -> str:
        return self.title  # in the reader's language


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def open_for_registration(self, now: datetime) -> EventQuerySet:
        """Events taking registrations at `now`: Event.registration_is_open in SQL, for the
        seat decision's single statement (tests/events/test_counts.py checks they agree)."""
        return self.filter(
            models.Q(registration_opens_at__isnull=True) | models.Q(registration_opens_at__lte=now),
            models.Q(registration_closes_at__isnull=True)
            | models.Q(registration_closes_at__gt=now),
            is_published=True,
            status=Event.Status.SCHEDULED,
            ends_at__gt=now,
        )


@cached_choice_labels
class Event(models.Model):
    class Kind(models.TextChoices):
        CAREER_FAIR = "career_fair", _("Career fair")
        WEBINAR = "webinar", _("Webinar")
        TRAINING = "training", _("Training")
        NETWORKING = "networking", _("Networking")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Audience(models.TextChoices):
        FINISHING_AND_ALUMNI = (
            "finishing_alumni",
            _("Participants finishing this summer and alumni"),
        )
        ALL_JET = "all_jet", _("All current participants and alumni")
        SECOND_YEAR_PLUS = "second_year", _("Current participants in their 2nd year or later")
        OPEN = "open", _("Open to all job seekers")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("series"),
    )
    organizer = models.ForeignKey(
        HostOrganization,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("organiser"),
    )
    title = BilingualField(
        models.CharField, _("title (English)"), _("title (Japanese)"), max_length=200
    )
    description = BilingualField(
        models.TextField, _("description (English)"), _("description (Japanese)"), blank=True
    )
    venue = BilingualField(
        models.CharField, _("venue (English)"), _("venue (Japanese)"), max_length=200, blank=True
    )
    city = BilingualField(
        models.CharField, _("city (English)"), _("city (Japanese)"), max_length=100, blank=True
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=Prefecture.choices, blank=True
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    booth_capacity = models.PositiveIntegerField(_("booth capacity"), null=True, blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL_JET
    )
    stream_url = models.URLField(_("stream URL"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Mailed to everyone registered or waiting in their language, shown on the event's page in
    # the visitor's: written by staff in both (registrations.cancel_event).
    cancellation_message = BilingualField(
        models.TextField,
        _("cancellation message (English)"),
        _("cancellation message (Japanese)"),
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=False)
    # The iCalendar SEQUENCE: raised by one whenever a change matters to a calendar (the fields
    # in CALENDAR_FIELDS). The database owns it: a trigger (migration 0002) raises it on every
    # UPDATE of the row, so no door (admin, services, QuerySet.update, the shell, raw SQL) can
    # change the time or cancel the event without it, and it never goes back (a stale instance
    # saved again cannot lower it). save() reads the new value back.
    calendar_sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, editable=False
    )
    # How many of the event's registrations are in each state, kept by the database: triggers
    # on events_registration (migration 0006) add and subtract whenever a registration is
    # inserted, deleted or changes status or check-in, whichever door did it (the services, a
    # bulk update, the demo loader, a factory). Pages, the admin list and the reports read them
    # instead of counting rows, and the seat decision reads them from the row it locks, so
    # neither grows with the seats taken. save() never writes them (a stale copy saved by the
    # admin would undo the registrations made meanwhile).
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(_("waiting"), default=0, editable=False)
    checked_in_count = models.PositiveIntegerField(_("checked in"), default=0, editable=False)
    jet_confirmed_count = models.PositiveIntegerField(
        _("JET participants confirmed"), default=0, editable=False
    )
    jet_checked_in_count = models.PositiveIntegerField(
        _("JET participants checked in"), default=0, editable=False
    )

    # What a calendar shows: a change to one of these raises calendar_sequence. The trigger of
    # migration 0002 lists the same columns (tests/events/test_calendar.py checks each one).
    CALENDAR_FIELDS = (
        "starts_at", "ends_at", "title_en", "title_ja", "venue_en", "venue_ja", "city_en",
        "city_ja", "status",
    )  # fmt: skip
    # The counts the database keeps (see confirmed_count).
    COUNT_FIELDS = (
        "confirmed_count", "waitlisted_count", "checked_in_count", "jet_confirmed_count",
        "jet_checked_in_count",
    )  # fmt: skip

    objects = EventQuerySet.as_manager()
    # The sequence is kept out of the history: the record is written before save() reads back
    # the value the database chose, so it would show the old one.
    history = HistoricalRecords(excluded_fields=["calendar_sequence", *COUNT_FIELDS])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title  # in the reader's language

    def save(self, *args, **kwargs) -> None:
        """Save as usual, except the counts (COUNT_FIELDS), then read back calendar_sequence,
        which the database may have raised.

        Takes Model.save's arguments; returns nothing. An update writes every field but the
        counts, which belong to the database; only an update that may touch one of
        CALENDAR_FIELDS costs the extra read.
        """
        updating = not self._state.adding
        if updating and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNT_FIELDS
            ]
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if updating and (update_fields is None or set(update_fields) & set(self.CALENDAR_FIELDS)):
            self.refresh_from_db(fields=["calendar_sequence"])

    def get_absolute_url(self) -> str:
        return object_url("events:detail", slug=self.slug)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def registration_is_open(self, now: datetime | None = None) -> bool:
        """Whether people may register at `now` (EventQuerySet.open_for_registration in SQL)."""
        now = now or timezone.now()
        return (
            self.is_published
            and not self.is_cancelled
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or now < self.registration_closes_at)
            and now < self.ends_at
        )

    @property
    def is_full(self) -> bool:
        """Every seat confirmed (from the stored count: no query)."""
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def seats_left(self) -> int | None:
        """Free seats (None: no limit), from the stored count."""
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    @property
    def registration_state(self) -> str:
        """cancelled | past | not_yet_open | open | closed (full events are still 'open')."""
        now = timezone.now()
        if self.is_cancelled:
            return "cancelled"
        if self.ends_at < now:
            return "past"
        if self.registration_is_open(now):
            return "open"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        return "closed"

    def map_url(self) -> str:
        """A map search for the venue (OpenStreetMap: no key, no tracking script)."""
        if not self.venue_en or self.format == self.Format.ONLINE:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": f"{self.venue_en}, {self.city_en}"}
        )


class Session(models.Model):
    """A panel, talk or presentation in an event's programme."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = BilingualField(
        models.CharField,
        _("title (English)"),
        _("title (Japanese)"),
        max_length=200,
        ja={"blank": True},
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices, blank=True)
    speakers = BilingualField(
        models.CharField,
        _("speakers (English)"),
        _("speakers (Japanese)"),
        max_length=300,
        blank=True,
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title  # in the reader's language


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def live(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "id")

    def checked_in(self) -> RegistrationQuerySet:
        """Confirmed and checked in: what the check-in desk and the admin's column count."""
        return self.confirmed().filter(checked_in_at__isnull=False)


@cached_choice_labels
class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        # A registration is キャンセル済み; an event "Cancelled" is 中止.
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    class Attendance(models.TextChoices):
        """How the person takes part in a hybrid event (empty for in-person or online ones)."""

        VENUE = "venue", _("At the venue")
        ONLINE = "online", _("Online")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    # NULL after the person erased their account: the anonymous count stays (APPI).
    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.SET_NULL,
        null=True,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    ticket_token = models.UUIDField(_("ticket"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # A hybrid event asks whether the person comes to the venue or watches online; they may
    # change it until the event starts (services.registrations.change_attendance).
    attendance = models.CharField(
        _("taking part"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )
    # Whether the person was a JET participant or alumnus when registering: set by the database
    # on insert (migration 0006), so the event's JET counts add and subtract the same fact
    # whatever the person's status later becomes (an instance just created still says False).
    is_jet = models.BooleanField(_("JET participant"), default=False, editable=False)
    # "Share my profile with booths that scan my ticket" (issue #17): off by default, per
    # event, changed by the person on the ticket page; read again whenever leads are shown.
    shares_with_exhibitors = models.BooleanField(
        _("shares profile with exhibitors who scan the ticket"), default=False
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        permissions = [("check_in_registration", _("Can check people in at events"))]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            # The admin list's order (Meta.ordering): any page of it without sorting the table.
            models.Index(fields=["created_at", "id"], name="events_registration_order"),
        ]

    def __str__(self) -> str:
        person = self.participant or gettext("Deleted account")  # erased: anonymous count
        # 「… @ …（キャンセル待ち）」 in Japanese: brackets as the reader writes them.
        return format_aside(f"{person} @ {self.event}", self.get_status_display())

    def get_absolute_url(self) -> str:
        return object_url("events:ticket", token=self.ticket_token)

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    # Which way the person takes part, from the event's format and, at a hybrid event, their
    # choice. A hybrid registration made before the choice existed ("") may do either.
    @property
    def joins_online(self) -> bool:
        """Watches online: the ticket shows the join section, not the door's QR code."""
        if self.event.format == Event.Format.HYBRID:
            return self.attendance != self.Attendance.VENUE
        return self.event.format == Event.Format.ONLINE

    @property
    def comes_to_venue(self) -> bool:
        """Comes to the venue: the ticket shows the QR code to check in at the door."""
        if self.event.format == Event.Format.HYBRID:
            return self.attendance != self.Attendance.ONLINE
        return self.event.format != Event.Format.ONLINE


@cached_choice_labels
class Exhibitor(models.Model):
    """An employer at a fair: a booth at the venue and/or an online presentation."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="exhibitors", verbose_name=_("event")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="exhibitions", verbose_name=_("employer")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    wants_booth = models.BooleanField(_("booth at the venue"), default=True)
    online_presentation = models.BooleanField(_("online presentation"), default=False)
    note = models.TextField(_("note"), blank=True)
    booth_label = models.CharField(_("booth label"), max_length=20, blank=True)
    # Staff write it in Japanese, English or both; each member reads it in their language.
    status_reason = BilingualField(
        models.TextField,
        _("reason given to the employer (English)"),
        _("reason given to the employer (Japanese)"),
        blank=True,
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["event", "employer__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "employer"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_exhibitor_per_employer",
            ),
            models.UniqueConstraint(
                fields=["event", "booth_label"],
                condition=~models.Q(booth_label=""),
                name="booth_label_unique_per_event",
            ),
            models.CheckConstraint(
                condition=models.Q(wants_booth=True) | models.Q(online_presentation=True),
                name="exhibitor_booth_or_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} @ {self.event}"


class EventMessage(models.Model):
    """A message staff send to some of an event's people (pretix's "send out e-mails"): the
    subject and body in English and Japanese, each person mailed in their stored language.

    Written in admin as a draft and sent once by `services.messages.send_message`, which fills
    in `sent_at`, `sent_by` and `recipient_count`; a sent message is kept with the event.
    """

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("People with a confirmed seat")
        WAITLISTED = "waitlisted", _("People on the waiting list")
        CHECKED_IN = "checked_in", _("People who checked in")
        EXHIBITORS = "exhibitors", _("Members of the approved exhibitors")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("event")
    )
    # A list of Audience values (several may be chosen; a person in two is mailed once). JSON
    # rather than an array: development runs on SQLite.
    audiences = models.JSONField(_("send to"), default=list)
    subject = BilingualField(
        models.CharField, _("subject (English)"), _("subject (Japanese)"), max_length=200
    )
    body = BilingualField(models.TextField, _("message (English)"), _("message (Japanese)"))
    created_by = actor(_("written by"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    sent_by = actor(_("sent by"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.event.title}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def audience_labels(self) -> list[str]:
        """The chosen audiences as words, in the order of Audience."""
        chosen = set(self.audiences or ())
        return [label for value, label in self.Audience.choices if value in chosen]


class ConsultationSlot(models.Model):
    """A 1:1 consultation an alumni advisor offers at a networking event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="consultation_slots", verbose_name=_("event")
    )
    advisor = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="offered_slots",
        verbose_name=_("advisor"),
    )
    field = models.CharField(_("field"), max_length=20, choices=Industry.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    booked_by = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booked_slots",
        verbose_name=_("booked by"),
    )
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)
    # Where the two meet: a place at the venue ("Table 3, Room B") or a meeting link for an
    # online consultation; shown on the booking, in its mail and its calendar file.
    meeting_place = BilingualField(
        models.CharField,
        _("meeting place (English)"),
        _("meeting place (Japanese)"),
        max_length=200,
        blank=True,
    )
    meeting_url = models.URLField(_("meeting link"), blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation slot")
        verbose_name_plural = _("consultation slots")
        ordering = ["starts_at", "id"]
        constraints = [
            # One booked slot per participant per event: the database has the last word.
            models.UniqueConstraint(
                fields=["event", "booked_by"], name="one_consultation_per_person_per_event"
            ),
            # Overlapping slots of one advisor (14:00 for 60 minutes and 14:30) are refused by
            # services.consultations.check_slot and, on PostgreSQL, by the exclusion constraint
            # "advisor_slots_never_overlap" of migration 0003 (SQLite: triggers). It is not
            # declared here: SQLite cannot hold it, and Django would put it in every rebuilt
            # SQLite table.
            models.UniqueConstraint(
                fields=["advisor", "starts_at"], name="advisor_one_slot_at_a_time"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("The consultation must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {format_when(self.starts_at)}"  # Japan time

    @property
    def is_booked(self) -> bool:
        return self.booked_by_id is not None


class CalendarFeed(models.Model):
    """A private iCal URL listing all of a person's events."""

    participant = models.OneToOneField(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("participant"),
    )
    token = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, verbose_name=_("token")
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.participant)


from events.booths import (  # noqa: E402,F401  (fair day at the booths: leads and interviews)
    BoothLead,
    BoothVisit,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
)
from events.shortlists import ShortlistEntry  # noqa: E402,F401  (the résumé book's shortlist)
