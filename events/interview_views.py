"""Booth interview pages (issue #17): an exhibiting organisation's members offer times at their
booth, invite candidates from the résumé book and see who booked; participants book from the
fair's page (events/templatetags/interviews.py feeds its section and the ticket's agenda) and
cancel after a page that asks first; both sides download their calendar file; staff read and
print every booth's schedule. Thin: parse, check permission, call
events.services.interviews, render."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jetcareer.date_limits import DateLimitsMixin
from jetcareer.permissions import participant_required, permission_required
from jetcareer.web.dates import format_day, format_when
from participants.models import ParticipantProfile

from . import ics
from . import interview_selectors as reads
from .exhibitor_views import _book_url
from .models import Event, Exhibitor, InterviewBooking, InterviewSlot, Registration
from .services import EventError
from .services import interviews as svc


class FairDayField(forms.ChoiceField):
    """One of the fair's days (values in ISO form, labels by `format_day`). A day that is not
    one is refused naming it as the reader writes dates (「2027年2月22日（月）」), not in ISO form
    as Django's "Select a valid choice" does; a value that is no date at all gets a message
    without it."""

    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "%(day)s is not a day of this fair. Please choose one of its days."
        ),
        "not_a_day": gettext_lazy("Please choose one of the fair's days."),
    }

    def validate(self, value: str) -> None:
        try:
            super().validate(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise ValidationError(
                    self.error_messages["not_a_day"], code="invalid_choice"
                ) from None
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"day": format_day(day)},
            ) from None


class OfferSlotsForm(DateLimitsMixin, forms.Form):
    """A run of interviews at the booth: the day, from when to when, how long each lasts and
    how many run at once. The rules are the service's (`offer_slots`)."""

    day = FairDayField(label=gettext_lazy("Day"))
    start = forms.TimeField(
        label=gettext_lazy("First interview starts (Japan time)"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    end = forms.TimeField(
        label=gettext_lazy("Last interview ends by (Japan time)"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    length = forms.TypedChoiceField(
        label=gettext_lazy("Length of one interview"),
        coerce=int,
        initial=20,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Please choose the length of an interview from the list."
            )
        },
    )
    parallel = forms.IntegerField(
        label=gettext_lazy("Interviews at the same time"),
        min_value=1,
        max_value=svc.MAX_PARALLEL,
        initial=1,
        help_text=gettext_lazy("How many of your staff interview candidates at once."),
        error_messages={
            "min_value": gettext_lazy(
                "Enter at least %(limit_value)s for the interviews at the same time."
            ),
            "max_value": gettext_lazy(
                "Enter at most %(limit_value)s for the interviews at the same time."
            ),
        },
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = timezone.localdate(event.starts_at)
        last = timezone.localdate(event.ends_at)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        self.fields["day"].choices = [(day.isoformat(), format_day(day)) for day in days]
        self.fields["length"].choices = [
            (n, ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}) for n in svc.LENGTHS
        ]
        local_start = timezone.localtime(event.starts_at)
        self.fields["start"].initial = local_start.time().replace(second=0, microsecond=0)
        self.fields["end"].initial = (
            timezone.localtime(event.ends_at).time().replace(second=0, microsecond=0)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            on = date.fromisoformat(day)
            data["starts_at"] = _aware(on, start)
            # Ending at midnight (00:00) means the end of the day chosen.
            data["ends_at"] = _aware(on + timedelta(days=1) if end == time(0) else on, end)
        return data


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at.replace(second=0, microsecond=0)))


class InviteForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message (optional)"),
        required=False,
        max_length=svc.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _fair(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)


def _exhibitor(request: HttpRequest, slug: str) -> Exhibitor:
    """The exhibitor of the member's organisation at the fair, or 403 for anyone else."""
    event = _fair(slug)
    if not rules.has_perm("events.manage_interviews", request.user, event):
        raise PermissionDenied
    return svc.interviewing_exhibitor(event=event, user=request.user)


def _manage_url(event: Event) -> str:
    return reverse("events:manage_interviews", kwargs={"slug": event.slug})


def _offer_refusal(exhibitor: Exhibitor) -> str | None:
    """Why the booth cannot offer times now (the form is not shown), or None."""
    try:
        svc.check_offer(
            exhibitor=exhibitor,
            starts_at=exhibitor.event.starts_at,
            ends_at=exhibitor.event.ends_at,
            length_minutes=svc.MAX_LENGTH,
            parallel=1,
            now=exhibitor.event.starts_at,
        )
    except EventError as exc:
        return str(exc)
    return None


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The booth's interviews for its organisation's members: offer times, see who booked
    them and the invitations sent."""
    exhibitor = _exhibitor(request, slug)
    event = exhibitor.event
    refusal = _offer_refusal(exhibitor)
    form = OfferSlotsForm(request.POST or None, event=event)
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            slots = svc.offer_slots(
                exhibitor=exhibitor,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                length_minutes=data["length"],
                parallel=data["parallel"],
                by=request.user,
            )
        except EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d interview time offered. Registered participants can book it now.",
                    "%(n)d interview times offered. Registered participants can book them now.",
                    len(slots),
                )
                % {"n": len(slots)},
            )
            return redirect(_manage_url(event))
    slots = reads.schedule(exhibitor)
    return render(
        request,
        "events/interviews/manage.html",
        {
            "event": event,
            "exhibitor": exhibitor,
            "form": form,
            "refusal": refusal,
            "slots": slots,
            "booked": sum(len(slot.booked) for slot in slots),
            "places": sum(slot.capacity for slot in slots),
            "invitations": reads.invitations_sent(exhibitor),
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def remove_slot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Ask first (GET: the time and who booked it), then take the time off the booth's
    schedule (POST), cancelling the interviews booked in it when the page listed them."""
    exhibitor = _exhibitor(request, slug)
    slot = get_object_or_404(InterviewSlot, pk=pk, exhibitor=exhibitor)
    if request.method == "POST":
        try:
            cancelled = svc.remove_slot(
                slot=slot, by=request.user, cancel_bookings="cancel_bookings" in request.POST
            )
        except EventError as exc:
            messages.error(request, str(exc))
            asked = "cancel_bookings" in request.POST
            if not asked and InterviewSlot.objects.filter(pk=slot.pk, booked_count__gt=0).exists():
                # Booked since the page was shown: show it again, now with the people.
                return redirect("events:remove_interview_slot", slug=slug, pk=slot.pk)
        else:
            if cancelled:
                messages.success(
                    request,
                    ngettext(
                        "The time is removed and %(n)d interview cancelled; the person is "
                        "told by e-mail.",
                        "The time is removed and %(n)d interviews cancelled; the people are "
                        "told by e-mail.",
                        cancelled,
                    )
                    % {"n": cancelled},
                )
            else:
                messages.success(request, _("The time is removed from your schedule."))
        return redirect(_manage_url(exhibitor.event))
    booked = reads.slot_bookings(slot)
    return render(
        request,
        "events/interviews/remove_slot.html",
        {"event": exhibitor.event, "exhibitor": exhibitor, "slot": slot, "booked": booked},
    )


@require_POST
@login_required
def invite(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Invite a candidate of the résumé book (`pk`: the participant's profile id) to book an
    interview at the booth; back to the résumé book where the member was."""
    exhibitor = _exhibitor(request, slug)
    event = exhibitor.event
    back = _book_url(event, request.POST.get("back", ""), anchor=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    registration = (
        Registration.objects.confirmed()
        .filter(event=event, participant_id=pk)
        .select_related("participant__user")
        .first()
    )
    try:
        if registration is None:  # the same answer whether or not the person exists
            raise EventError(
                _(
                    "This person is no longer in the résumé book: they may have withdrawn their "
                    "consent or cancelled their registration."
                )
            )
        svc.invite(
            exhibitor=exhibitor,
            registration=registration,
            message=form.cleaned_data["message"],
            by=request.user,
        )
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Invitation sent: %(name)s is told by e-mail and can book one of your times.")
            % {"name": registration.participant.full_name},
        )
    return redirect(back)


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    return ParticipantProfile.objects.filter(user=request.user).first()


def _section(event: Event) -> str:
    return event.get_absolute_url() + "#interviews"


@require_POST
@login_required
@participant_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book an interview slot for the participant's registration at its fair; back to the
    fair's page, which shows the interview (or why it was refused)."""
    slot = get_object_or_404(
        InterviewSlot.objects.select_related("exhibitor__event", "exhibitor__employer"), pk=pk
    )
    event = slot.exhibitor.event
    profile = _profile(request)
    registration = (
        Registration.objects.live().filter(event=event, participant=profile).first()
        if profile is not None
        else None
    )
    if registration is None:
        messages.error(request, _("Please register for the fair before booking an interview."))
        return redirect(event)
    try:
        booking = svc.book_interview(slot=slot, registration=registration)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Your interview with %(employer)s is booked: %(time)s. It is on your ticket, "
                "and a confirmation is on its way by e-mail."
            )
            % {
                "employer": slot.exhibitor.employer.name,
                "time": format_when(booking.slot.starts_at),
            },
        )
    return redirect(_section(event))


def _own_booking(request: HttpRequest, pk: int) -> tuple[InterviewBooking, str]:
    """The booking and the side the user is on; 404 for anyone else (the booking's existence
    is not revealed)."""
    booking = get_object_or_404(
        InterviewBooking.objects.select_related(
            "slot", "exhibitor__event", "exhibitor__employer", "registration__participant"
        ),
        pk=pk,
    )
    side = svc.booking_side(booking, request.user)
    if side is None:
        raise Http404
    return booking, side


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET: when, where, with whom), then cancel the interview (POST): the person
    who booked it, or a member of the organisation. Back to the fair's page or the booth's."""
    booking, side = _own_booking(request, pk)
    event = booking.exhibitor.event
    back = _manage_url(event) if side == svc.BY_EXHIBITOR else _section(event)
    if booking.status != InterviewBooking.Status.BOOKED:
        messages.info(request, _("This interview is already cancelled."))
        return redirect(back)
    if request.method == "POST":
        try:
            svc.cancel_booking(booking=booking, by=request.user)
        except EventError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("The interview is cancelled. Both sides are told by e-mail.")
            )
        return redirect(back)
    return render(
        request,
        "events/interviews/cancel.html",
        {
            "booking": booking,
            "event": event,
            "for_exhibitor": side == svc.BY_EXHIBITOR,
            "back": back,
        },
    )


@require_GET
@login_required
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview's calendar file for its two sides (the person, the organisation's
    members), in the reader's language; to anyone else, and once cancelled, it does not
    exist."""
    booking, side = _own_booking(request, pk)
    if booking.status != InterviewBooking.Status.BOOKED:
        raise Http404
    response = HttpResponse(
        ics.interview_ics(booking, for_exhibitor=side == svc.BY_EXHIBITOR),
        content_type="text/calendar",
    )
    response["Content-Disposition"] = f'attachment; filename="interview-{booking.pk}.ics"'
    return response


@login_required
@permission_required("events.view_interview_schedule")
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Every booth's interviews at the fair for staff, by booth, printable (one booth per
    page); `?exhibitor=<id>` shows one booth."""
    event = _fair(slug)
    chosen = request.GET.get("exhibitor", "")
    exhibitor_id = int(chosen) if chosen.isdigit() else None
    if chosen and exhibitor_id is None:
        messages.error(request, _("Unknown exhibitor: the whole schedule is shown."))
    booths = reads.event_schedule(event, exhibitor_id=exhibitor_id)
    if exhibitor_id is not None and not booths:
        messages.info(request, _("This exhibitor offers no interviews at this fair."))
    return render(
        request,
        "events/interviews/schedule.html",
        {
            "event": event,
            "booths": booths,
            "exhibitors": reads.interviewing_exhibitors(event),
            "exhibitor_id": exhibitor_id,
            "printed_at": timezone.now(),
        },
    )
