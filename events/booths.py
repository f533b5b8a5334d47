"""Fair day at the booths (issue #17): who an exhibitor met and whom it interviews.

The models live here and are imported at the end of events/models.py; the actions are in
events/services/booth_leads.py (scanning tickets at a booth, rating and noting leads) and
events/services/interviews.py (slots, invitations and bookings).

Consent: a participant allows exhibitors to see their profile per event
(`Registration.shares_with_exhibitors`, off by default). A scan of a consenting ticket makes a
`BoothLead`; every scan, consenting or not, counts one `BoothVisit` that names nobody. Leads
are shown only while the person still consents and still has an account (checked when the
list is read, not when the ticket was scanned).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jetcareer.web.dates import format_when


class BoothVisit(models.Model):
    """One visitor scanned at one booth, anonymous: what an exhibitor learns without consent.

    `visitor_key` is a one-way digest of the exhibitor and the ticket, so scanning the same
    ticket twice counts one visitor, and the row cannot be traced back to a person without
    their ticket.
    """

    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.CASCADE,
        related_name="booth_visits",
        verbose_name=_("exhibitor"),
    )
    visitor_key = models.CharField(_("visitor key"), max_length=64, editable=False)
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)

    class Meta:
        verbose_name = _("booth visit")
        verbose_name_plural = _("booth visits")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "visitor_key"], name="one_visit_per_visitor_per_booth"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} · {format_when(self.scanned_at)}"


class BoothLead(models.Model):
    """A consenting visitor scanned at an exhibitor's booth, with the organisation's own
    rating and note. Every member of the exhibiting organisation reads it; nobody else."""

    class Rating(models.IntegerChoices):
        LOW = 1, _("Low interest")
        MEDIUM = 2, _("Some interest")
        HIGH = 3, _("Strong interest")

    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.CASCADE,
        related_name="leads",
        verbose_name=_("exhibitor"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="booth_leads",
        verbose_name=_("registration"),
    )
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scanned by"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=Rating.choices, null=True, blank=True
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("booth lead")
        verbose_name_plural = _("booth leads")
        ordering = ["-scanned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "registration"], name="one_lead_per_visitor_per_booth"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} · {self.registration_id}"


class InterviewSlot(models.Model):
    """A time at an exhibitor's booth when it interviews candidates, with as many parallel
    interviews as it has interviewers (`capacity`)."""

    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.CASCADE,
        related_name="interview_slots",
        verbose_name=_("exhibitor"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("parallel interviews"), default=1)
    # Kept by services.interviews under the slot's row lock: seats taken ≤ capacity.
    booked_count = models.PositiveSmallIntegerField(_("booked"), default=0, editable=False)

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "starts_at"], name="one_interview_slot_per_booth_time"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="interview_slot_ends_after_start",
                violation_error_message=_("The interview must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1),
                name="interview_slot_has_an_interviewer",
                violation_error_message=_("A slot needs at least one interviewer."),
            ),
            models.CheckConstraint(
                condition=models.Q(booked_count__lte=models.F("capacity")),
                name="interview_slot_never_overbooked",
                violation_error_message=_("This interview time is fully booked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} · {format_when(self.starts_at)}"

    @property
    def is_full(self) -> bool:
        return self.booked_count >= self.capacity


class InterviewInvitation(models.Model):
    """An exhibitor's invitation to a candidate from its résumé book to book an interview."""

    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.CASCADE,
        related_name="interview_invitations",
        verbose_name=_("exhibitor"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="interview_invitations",
        verbose_name=_("registration"),
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("interview invitation")
        verbose_name_plural = _("interview invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "registration"], name="one_invitation_per_booth_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exhibitor_id} → {self.registration_id}"


class InterviewBooking(models.Model):
    """A participant's booked interview: one per person per exhibitor, never two at
    overlapping times (services.interviews.book_interview decides both under row locks; the
    unique constraint backs the first)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")  # キャンセル済み

    slot = models.ForeignKey(
        InterviewSlot,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("interview slot"),
    )
    # Copied from the slot so the database can hold "one per person per exhibitor".
    exhibitor = models.ForeignKey(
        "events.Exhibitor",
        on_delete=models.CASCADE,
        related_name="interview_bookings",
        verbose_name=_("exhibitor"),
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="interview_bookings",
        verbose_name=_("registration"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("interview booking")
        verbose_name_plural = _("interview bookings")
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "registration"],
                condition=models.Q(status="booked"),
                name="one_interview_per_person_per_booth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.slot}"
