"""Portal content: announcements by audience, and inquiries sent through the contact form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jetcareer.bilingual import BilingualField
from jetcareer.slugs import unique_slug
from jetcareer.web.links import object_url


class Audience(models.TextChoices):
    """Who an announcement is for: the audiences of CLAIR's own site."""

    PROSPECTIVE = "prospective", _("Prospective applicants")
    CURRENT = "current", _("Current participants")
    ALUMNI = "alumni", _("Alumni")
    CONTRACTING = "contracting", _("Contracting organisations")
    BUSINESSES = "businesses", _("Businesses")


def audience_field(audience: Audience) -> str:
    """The boolean column that stores one audience (`for_alumni`, ...)."""
    return f"for_{audience.value}"


def audience_of(user: Any) -> Audience | None:
    """The audience a visitor belongs to, or None for "show everything".

    Current participants and alumni read their own; employer members read what is for
    businesses. Anonymous visitors, other job seekers, people without a profile yet and
    staff see every audience.
    """
    if not user.is_authenticated or user.is_staff:
        return None
    if user.is_employer:
        return Audience.BUSINESSES
    profile = getattr(user, "participant_profile", None)
    status = getattr(profile, "status", None)
    return {"current": Audience.CURRENT, "alumni": Audience.ALUMNI}.get(status)


# Path segments under /announcements/ that a slug must never shadow.
RESERVED_SLUGS = frozenset({"feed"})
SLUG_FALLBACK = "announcement"


class AnnouncementQuerySet(models.QuerySet["Announcement"]):
    def published(self) -> AnnouncementQuerySet:
        """Published, and not scheduled for later."""
        return self.filter(is_published=True, published_at__lte=timezone.now())

    def for_audience(self, audience: Audience | str | None) -> AnnouncementQuerySet:
        """Announcements for one audience; None (or an unknown value) keeps them all."""
        if audience not in Audience.values:
            return self
        return self.filter(**{audience_field(Audience(audience)): True})

    def newest_first(self) -> AnnouncementQuerySet:
        return self.order_by("-published_at", "-pk")


class Announcement(models.Model):
    """News from CLAIR, written in English and Japanese, for one or more audiences.

    Audiences are one boolean column each rather than a JSON list: a JSON `__contains` filter
    does not work on SQLite, and plain columns filter and index the same on both databases.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Made from the English title when left empty."),
    )
    title = BilingualField(
        models.CharField, _("title (English)"), _("title (Japanese)"), max_length=200, blank=True
    )
    body = BilingualField(models.TextField, _("text (English)"), _("text (Japanese)"), blank=True)
    for_prospective = models.BooleanField(_("prospective applicants"), default=False)
    for_current = models.BooleanField(_("current participants"), default=False)
    for_alumni = models.BooleanField(_("alumni"), default=False)
    for_contracting = models.BooleanField(_("contracting organisations"), default=False)
    for_businesses = models.BooleanField(_("businesses"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set when published. A later time schedules the announcement."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_en="") | ~Q(title_ja=""),
                name="announcement_has_a_title",
            ),
            models.CheckConstraint(
                condition=Q(for_prospective=True)
                | Q(for_current=True)
                | Q(for_alumni=True)
                | Q(for_contracting=True)
                | Q(for_businesses=True),
                name="announcement_has_an_audience",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="announcement_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title  # in the reader's language

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived values, filled here so admin, services and scripts all get them.
        if not self.slug:
            self.slug = unique_slug(
                Announcement.objects.exclude(pk=self.pk),
                self.title_en,
                fallback=SLUG_FALLBACK,
                reserved=RESERVED_SLUGS,
            )
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("portal:announcement", slug=self.slug)

    @property
    def audiences(self) -> list[Audience]:
        return [a for a in Audience if getattr(self, audience_field(a))]

    def set_audiences(self, audiences: list[Audience] | list[str]) -> None:
        chosen = {Audience(a) for a in audiences}
        for audience in Audience:
            setattr(self, audience_field(audience), audience in chosen)

    @property
    def is_live(self) -> bool:
        return bool(self.is_published and self.published_at and self.published_at <= timezone.now())


class Division(models.TextChoices):
    """CLAIR's divisions that answer inquiries from the portal."""

    COORDINATION = "coordination", _("Coordination Division")
    TRAINING = "training", _("Training and Counselling Division")


class Topic(models.TextChoices):
    """What an inquiry is about; each topic belongs to one division (TOPIC_DIVISIONS)."""

    CAREER_SUPPORT = "career_support", _("Career support and consultations")
    FAIRS = "fairs", _("Career fairs and events")
    INTERNSHIPS = "internships", _("Internships")
    ALUMNI = "alumni", _("Alumni and JETAA")
    EMPLOYMENT = "employment", _("Employment conditions")
    TRAINING = "training", _("Training")
    COUNSELLING = "counselling", _("Counselling")
    OTHER = "other", _("Something else")


# Coordination handles career support, fairs, internships and JETAA; Training and Counselling
# handles employment conditions, training and counselling (CLAIR's division of work).
# Anything else goes to Coordination, the portal's contact in the footer.
TOPIC_DIVISIONS: dict[str, Division] = {
    Topic.CAREER_SUPPORT: Division.COORDINATION,
    Topic.FAIRS: Division.COORDINATION,
    Topic.INTERNSHIPS: Division.COORDINATION,
    Topic.ALUMNI: Division.COORDINATION,
    Topic.EMPLOYMENT: Division.TRAINING,
    Topic.TRAINING: Division.TRAINING,
    Topic.COUNSELLING: Division.TRAINING,
    Topic.OTHER: Division.COORDINATION,
}


class Inquiry(models.Model):
    """A message sent through the contact form, routed to the division of its topic."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")

    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    division = models.CharField(_("division"), max_length=20, choices=Division.choices)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="new") | Q(answered_at__isnull=False),
                name="inquiry_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_topic_display()} ({self.email})"

    @property
    def reference(self) -> str:
        """The number quoted in both e-mails, so a reply can be matched to the inquiry."""
        return f"Q-{self.pk:06d}"
