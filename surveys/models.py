"""Surveys after events and internships: who is asked, and one answer per person per survey."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employers.models import Employer
from events.models import Event
from internships.models import Programme


class Survey(models.Model):
    class Kind(models.TextChoices):
        ATTENDEE = "attendee", _("Attendee survey")
        EXHIBITOR = "exhibitor", _("Exhibitor survey")
        FOLLOW_UP = "follow_up", _("Follow-up survey on employment")
        INTERN = "intern", _("Intern survey")
        HOST = "host", _("Host company survey")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("event"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "event"], condition=models.Q(event__isnull=False),
                name="one_survey_per_kind_and_event",
            ),
            models.UniqueConstraint(
                fields=["kind", "programme"], condition=models.Q(programme__isnull=False),
                name="one_survey_per_kind_and_programme",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        subject = self.event or self.programme
        return f"{self.get_kind_display()}: {subject}"

    @property
    def subject_title(self) -> str:
        return (self.event or self.programme).title

    def is_open(self, now: object = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Invitation(models.Model):
    """Who was asked, when, and whether the one reminder went out."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("user"),
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user or gettext('Deleted account')} → {self.survey}"


class Response(models.Model):
    class Satisfaction(models.IntegerChoices):
        VERY_SATISFIED = 5, _("Very satisfied")
        SATISFIED = 4, _("Satisfied")
        NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
        DISSATISFIED = 2, _("Dissatisfied")
        VERY_DISSATISFIED = 1, _("Very dissatisfied")

    class HiringIntent(models.TextChoices):
        YES = "yes", _("Yes, there are candidates we may hire")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    class Employment(models.TextChoices):
        EMPLOYED_JAPAN = "employed_japan", _("Employed in Japan")
        EMPLOYED_ABROAD = "employed_abroad", _("Employed outside Japan")
        STUDYING = "studying", _("Studying")
        LOOKING = "looking", _("Still looking")
        OTHER = "other", _("Other")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    # NULL after the person erased their account: the answer stays, anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), choices=Satisfaction.choices, null=True, blank=True
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness (1-5)"), null=True, blank=True,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
    )  # fmt: skip
    hiring_intent = models.CharField(
        _("candidates you may hire"), max_length=5, choices=HiringIntent.choices, blank=True
    )
    candidates = models.PositiveSmallIntegerField(_("how many"), null=True, blank=True)
    employment = models.CharField(
        _("employment status"), max_length=16, choices=Employment.choices, blank=True
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    fair_helped = models.BooleanField(_("the fair helped"), null=True, blank=True)
    comments = models.TextField(_("comments"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=models.Q(user__isnull=False),
                name="one_response_per_person",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"
