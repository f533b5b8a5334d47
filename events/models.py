"""Career fairs, webinars, trainings and networking events, and who organises them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jetcareer.bilingual import BilingualMixin
from jetcareer.choices import Prefecture


class HostOrganization(BilingualMixin, models.Model):
    """CLAIR, a prefecture or a city: who runs (or subsidises) an event."""

    class Kind(models.TextChoices):
        CLAIR = "clair", _("CLAIR")
        PREFECTURE = "prefecture", _("Prefecture")
        CITY = "city", _("City")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
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
        return self.name_en

    @property
    def name(self) -> str:
        return self.localized("name")


class EventSeries(BilingualMixin, models.Model):
    """One fair held at several venues (2019: Fukuoka, Osaka and the Tokyo area)."""

    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-slug"]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return self.localized("title")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)


class Event(BilingualMixin, models.Model):
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
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    venue_ja = models.CharField(_("venue (Japanese)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
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
    is_published = models.BooleanField(_("published"), default=False)

    objects = EventQuerySet.as_manager()

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
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("portal:home") + f"#event-{self.slug}"

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def venue(self) -> str:
        return self.localized("venue")

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()
