"""Consultation pages: participants find and book a slot; advisors offer slots and see bookings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from jetcareer.choices import Industry
from jetcareer.date_limits import DateLimitsMixin
from jetcareer.permissions import participant_required
from participants.models import ParticipantProfile

from . import ics
from .models import ConsultationSlot, Event, Registration
from .services import EventError
from .services import consultations as svc

PLACE_LIMIT = ConsultationSlot._meta.get_field("meeting_place_en").max_length
LINK_LIMIT = ConsultationSlot._meta.get_field("meeting_url").max_length


class OfferSlotForm(DateLimitsMixin, forms.Form):
    """A slot's field, time and length, and where the two meet: the place (in person or
    hybrid) and the link (online or hybrid), as the event's format allows. The rules of both
    are the service's (`offer_slot`), which the view calls."""

    field = forms.ChoiceField(label=gettext_lazy("Field"), choices=Industry.choices)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Start (Japan time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    minutes = forms.TypedChoiceField(
        label=gettext_lazy("Length"),
        choices=[(20, "20"), (30, "30"), (45, "45"), (60, "60")],
        coerce=int,
        initial=30,
    )
    meeting_place_en = forms.CharField(
        label=gettext_lazy("Meeting place (English)"),
        max_length=PLACE_LIMIT,
        required=False,
        help_text=gettext_lazy("Where at the venue you meet, for example: Table 3, Room B."),
    )
    meeting_place_ja = forms.CharField(
        label=gettext_lazy("Meeting place (Japanese)"),
        max_length=PLACE_LIMIT,
        required=False,
        help_text=gettext_lazy("People who read the portal in Japanese see this one."),
    )
    meeting_url = forms.CharField(
        label=gettext_lazy("Meeting link"),
        max_length=LINK_LIMIT,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=gettext_lazy(
            "A video call link starting with https://. Only the person who books sees it."
        ),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event.format == Event.Format.ONLINE:
            del self.fields["meeting_place_en"], self.fields["meeting_place_ja"]
            self.fields["meeting_url"].required = True
        elif event.format == Event.Format.IN_PERSON:
            del self.fields["meeting_url"]


def _networking_event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug, kind=Event.Kind.NETWORKING, is_published=True)


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    return ParticipantProfile.objects.filter(user=request.user).first()


def _slot(pk: int) -> ConsultationSlot:
    return get_object_or_404(
        ConsultationSlot.objects.select_related("event", "advisor", "booked_by"), pk=pk
    )


@login_required
@participant_required
def consultations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _networking_event(slug)
    profile = _profile(request)
    field = request.GET.get("field", "")
    slots = event.consultation_slots.select_related("advisor").order_by("starts_at")
    if field:
        slots = slots.filter(field=field)
    mine = (
        event.consultation_slots.filter(booked_by=profile)
        .select_related("advisor", "event")
        .first()
    )
    # "Book" only for those who can; the others read why (issue #16).
    refusal = None if mine else svc.booking_refusal(event=event, profile=profile)
    return render(
        request,
        "events/consultations.html",
        {
            "event": event,
            "slots": slots,
            "mine": mine,
            # Beside the .ics, as on the ticket (issue #16): the booker's copy of the entry.
            "google_calendar_url": ics.google_calendar_url(mine) if mine else "",
            "outlook_calendar_url": ics.outlook_calendar_url(mine) if mine else "",
            "profile": profile,
            "fields": Industry.choices,
            "field": field,
            # "Book" only for those who can; the others read why (issue #16).
            "refusal": refusal,
            "register_first": refusal is not None
            and not (event.is_past or event.is_cancelled)
            and not Registration.objects.live().filter(event=event, participant=profile).exists(),
        },
    )


@require_POST
@login_required
@participant_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(ConsultationSlot.objects.select_related("event"), pk=pk)
    profile = _profile(request)
    if profile is None:
        messages.error(request, _("Please complete your profile first."))
        return redirect("participants:profile")
    try:
        svc.book_slot(slot=slot, profile=profile)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your consultation is booked."))
    return redirect("events:consultations", slug=slot.event.slug)


@login_required
@participant_required
def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET: who, when, where), then cancel the booking (POST); the person who
    booked only: to anyone else, and once it is cancelled, the booking does not exist."""
    profile = _profile(request)
    slot = _slot(pk)
    if profile is None or slot.booked_by_id != profile.pk:
        raise Http404
    if request.method == "POST":
        try:
            svc.cancel_booking(slot=slot, profile=profile)
        except EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your consultation has been cancelled."))
        return redirect("events:consultations", slug=slot.event.slug)
    return render(request, "events/consultation_cancel.html", {"slot": slot, "event": slot.event})


@require_GET
@login_required
@participant_required
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The booking's calendar file, for its two people only (who booked it, the advisor), in
    the reader's language: to anyone else, and for a free slot, it does not exist."""
    profile = _profile(request)
    slot = _slot(pk)
    if not svc.own_booking(slot=slot, profile=profile):
        raise Http404
    response = HttpResponse(
        ics.consultation_ics(slot, for_advisor=slot.advisor_id == profile.pk),
        content_type="text/calendar",
    )
    response["Content-Disposition"] = f'attachment; filename="consultation-{slot.pk}.ics"'
    return response


@login_required
@participant_required
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    """Advisors offer slots (with where to meet) and see who booked them."""
    event = _networking_event(slug)
    profile = _profile(request)
    if profile is None or not profile.is_advisor:
        messages.info(request, _("Only volunteer consultation advisors can offer slots."))
        return redirect("participants:advisor")
    form = OfferSlotForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = data["starts_at"]
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        try:
            svc.offer_slot(
                event=event,
                advisor=profile,
                starts_at=starts_at,
                field=data["field"],
                minutes=data["minutes"],
                meeting_place_en=data.get("meeting_place_en", ""),
                meeting_place_ja=data.get("meeting_place_ja", ""),
                meeting_url=data.get("meeting_url", ""),
            )
        except EventError as exc:
            field = getattr(exc, "field", None)
            form.add_error(field if field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Your consultation slot is offered."))
            return redirect("events:offer_consultations", slug=event.slug)
    own = event.consultation_slots.filter(advisor=profile).select_related(
        "booked_by__user", "event"
    )
    return render(
        request, "events/consultation_offer.html", {"event": event, "form": form, "own": own}
    )
