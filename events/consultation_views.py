"""Consultation pages: participants find and book a slot; advisors offer slots and see bookings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jetcareer.choices import Industry
from jetcareer.date_limits import DateLimitsMixin
from jetcareer.permissions import participant_required
from participants.models import ParticipantProfile

from .models import ConsultationSlot, Event, Registration
from .services import EventError
from .services import consultations as svc


class OfferSlotForm(DateLimitsMixin, forms.Form):
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


def _networking_event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug, kind=Event.Kind.NETWORKING, is_published=True)


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    return ParticipantProfile.objects.filter(user=request.user).first()


@login_required
@participant_required
def consultations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _networking_event(slug)
    profile = _profile(request)
    field = request.GET.get("field", "")
    slots = event.consultation_slots.select_related("advisor").order_by("starts_at")
    if field:
        slots = slots.filter(field=field)
    mine = event.consultation_slots.filter(booked_by=profile).select_related("advisor").first()
    # "Book" only for those who can; the others read why (issue #16).
    refusal = None if mine else svc.booking_refusal(event=event, profile=profile)
    return render(
        request,
        "events/consultations.html",
        {
            "event": event,
            "slots": slots,
            "mine": mine,
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


@require_POST
@login_required
@participant_required
def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile(request)
    slot = get_object_or_404(ConsultationSlot.objects.select_related("event"), pk=pk)
    if profile is None or slot.booked_by_id != profile.pk:
        raise Http404
    svc.cancel_booking(slot=slot, profile=profile)
    messages.success(request, _("Your consultation has been cancelled."))
    return redirect("events:consultations", slug=slot.event.slug)


@login_required
@participant_required
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    """Advisors offer slots and see who booked them."""
    event = _networking_event(slug)
    profile = _profile(request)
    if profile is None or not profile.is_advisor:
        messages.info(request, _("Only volunteer consultation advisors can offer slots."))
        return redirect("participants:advisor")
    form = OfferSlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at = form.cleaned_data["starts_at"]
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        try:
            svc.offer_slot(
                event=event,
                advisor=profile,
                starts_at=starts_at,
                field=form.cleaned_data["field"],
                minutes=form.cleaned_data["minutes"],
            )
        except EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your consultation slot is offered."))
            return redirect("events:offer_consultations", slug=event.slug)
    own = event.consultation_slots.filter(advisor=profile).select_related("booked_by__user")
    return render(
        request, "events/consultation_offer.html", {"event": event, "form": form, "own": own}
    )
