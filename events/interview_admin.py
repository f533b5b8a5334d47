"""Admin of booth interviews (issue #17); importing it registers it.

Slots, bookings and invitations are read-only here: every count and status is kept by
events.services.interviews under its locks, and an admin form that wrote them would bypass it.
Staff change things through actions that call the service (remove slots, cancel bookings),
each asking first and reporting every refusal (EventError) as a message. Staff who see
registrations (the event desk, administration) see these lists; changing needs the
registrations' change permission, as cancelling a seat does (no data migration gives the
staff groups the new models' own permissions).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from jetcareer.admin_actions import run_each
from jetcareer.admin_confirm import confirm_page, submitted
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.web.dates import format_span

from .models import InterviewBooking, InterviewInvitation, InterviewSlot
from .services import EventError
from .services import interviews as svc

VIEW, CHANGE = "events.view_registration", "events.change_registration"


class InterviewAdminMixin:
    """Read-only lists for staff who see registrations; actions for those who change them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # exhibitors offer times, participants book: on their pages

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # through the actions, which tell the people concerned

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm(VIEW) or super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Django shows a change form to those who may change: the fields stay read-only.
        return request.user.has_perm(CHANGE)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(VIEW) or super().has_module_permission(request)

    def save_model(self, request: HttpRequest, obj: object, form: object, change: bool) -> None:
        """Nothing to save: every field is read-only, and writing the row back could undo a
        count or a status the service changed meanwhile."""


def _exhibitor(exhibitor: object) -> str:
    label = getattr(exhibitor, "booth_label", "")
    name = exhibitor.employer.name
    return f"{label} · {name}" if label else name


@admin.register(InterviewSlot)
class InterviewSlotAdmin(SafeLookupsMixin, InterviewAdminMixin, admin.ModelAdmin):
    list_display = ["when", "booth", "fair", "capacity", "booked_count"]
    list_filter = ["exhibitor__event"]
    search_fields = ["exhibitor__employer__name_en", "exhibitor__employer__name_ja",
                     "exhibitor__booth_label"]  # fmt: skip
    list_select_related = ["exhibitor__employer", "exhibitor__event"]
    ordering = ["-starts_at", "-pk"]
    fields = readonly_fields = ["exhibitor", "starts_at", "ends_at", "capacity", "booked_count",
                                "bookings_list"]  # fmt: skip
    actions = ["remove_slots"]

    @admin.display(description=_("time"), ordering="starts_at")
    def when(self, slot: InterviewSlot) -> str:
        return format_span(slot.starts_at, slot.ends_at)

    @admin.display(description=_("booth"), ordering="exhibitor__booth_label")
    def booth(self, slot: InterviewSlot) -> str:
        return _exhibitor(slot.exhibitor)

    @admin.display(description=_("fair"), ordering="exhibitor__event__starts_at")
    def fair(self, slot: InterviewSlot) -> str:
        return slot.exhibitor.event.title

    @admin.display(description=_("interview bookings"))
    def bookings_list(self, slot: InterviewSlot) -> str:
        url = reverse("admin:events_interviewbooking_changelist") + f"?slot__id__exact={slot.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Bookings of this time"))

    @admin.action(
        description=_("Remove selected times (cancels their interviews, tells both sides)"),
        permissions=["change"],
    )
    def remove_slots(
        self, request: HttpRequest, queryset: QuerySet[InterviewSlot]
    ) -> HttpResponse | None:
        """Asks first, saying how many interviews are cancelled; then removes each time
        through the service, which tells the people booked and the organisation."""
        slots = list(queryset.select_related("exhibitor__employer").order_by("starts_at", "pk"))
        if submitted(request) is None:
            booked = sum(slot.booked_count for slot in slots)
            return confirm_page(
                self,
                request,
                action="remove_slots",
                objects=slots,
                title=gettext("Remove interview times"),
                intro=ngettext(
                    "These times leave the booths' schedules. %(n)d interview booked in them "
                    "is cancelled: the person and the organisation are told by e-mail.",
                    "These times leave the booths' schedules. %(n)d interviews booked in them "
                    "are cancelled: the people and the organisations are told by e-mail.",
                    booked,
                )
                % {"n": booked},
                button=ngettext("Remove %(n)d time", "Remove %(n)d times", len(slots))
                % {"n": len(slots)},
                describe=lambda slot: (
                    gettext("%(booth)s, %(time)s: %(booked)d of %(places)d booked")
                    % {
                        "booth": _exhibitor(slot.exhibitor),
                        "time": format_span(slot.starts_at, slot.ends_at),
                        "booked": slot.booked_count,
                        "places": slot.capacity,
                    }
                ),
            )
        run_each(
            self,
            request,
            slots,
            lambda slot: svc.remove_slot(slot=slot, by=request.user, cancel_bookings=True),
            refused=EventError,
            level=messages.ERROR,
            done=ngettext_lazy("%(count)d time removed.", "%(count)d times removed.", "count"),
        )
        return None


@admin.register(InterviewBooking)
class InterviewBookingAdmin(SafeLookupsMixin, InterviewAdminMixin, admin.ModelAdmin):
    list_display = ["person", "when", "booth", "status", "booked_at", "cancelled_at"]
    list_filter = ["status", "exhibitor__event"]
    search_fields = ["registration__participant__full_name",
                     "registration__participant__user__email", "exhibitor__employer__name_en",
                     "exhibitor__employer__name_ja"]  # fmt: skip
    list_select_related = ["slot", "exhibitor__employer", "registration__participant"]
    ordering = ["-booked_at", "-pk"]
    fields = readonly_fields = ["slot", "exhibitor", "registration", "status", "booked_at",
                                "cancelled_at"]  # fmt: skip
    actions = ["cancel_bookings"]

    @admin.display(description=_("participant"), ordering="registration__participant__full_name")
    def person(self, booking: InterviewBooking) -> str:
        return str(booking.registration.participant or gettext("Deleted account"))

    @admin.display(description=_("time"), ordering="slot__starts_at")
    def when(self, booking: InterviewBooking) -> str:
        return format_span(booking.slot.starts_at, booking.slot.ends_at)

    @admin.display(description=_("booth"), ordering="exhibitor__booth_label")
    def booth(self, booking: InterviewBooking) -> str:
        return _exhibitor(booking.exhibitor)

    @admin.action(
        description=_("Cancel selected interviews (tells both sides)"), permissions=["change"]
    )
    def cancel_bookings(
        self, request: HttpRequest, queryset: QuerySet[InterviewBooking]
    ) -> HttpResponse | None:
        """Asks first; then cancels each booked interview through the service, which frees
        the place and tells the person and the organisation's members."""
        booked = list(
            queryset.filter(status=InterviewBooking.Status.BOOKED)
            .select_related("slot", "exhibitor__employer", "registration__participant")
            .order_by("slot__starts_at", "pk")
        )
        if not booked:
            self.message_user(
                request, gettext("None of the selected interviews is booked."), messages.INFO
            )
            return None
        if submitted(request) is None:
            return confirm_page(
                self,
                request,
                action="cancel_bookings",
                objects=booked,
                title=gettext("Cancel interviews"),
                intro=ngettext(
                    "%(n)d interview will be cancelled: the person and every member of the "
                    "organisation are told by e-mail, with a calendar file that removes it. The "
                    "time is free to book again.",
                    "%(n)d interviews will be cancelled: each person and every member of the "
                    "organisations are told by e-mail, with a calendar file that removes it. The "
                    "times are free to book again.",
                    len(booked),
                )
                % {"n": len(booked)},
                button=ngettext("Cancel %(n)d interview", "Cancel %(n)d interviews", len(booked))
                % {"n": len(booked)},
                describe=lambda booking: (
                    gettext("%(person)s, %(booth)s, %(time)s")
                    % {
                        "person": self.person(booking),
                        "booth": _exhibitor(booking.exhibitor),
                        "time": format_span(booking.slot.starts_at, booking.slot.ends_at),
                    }
                ),
            )
        run_each(
            self,
            request,
            booked,
            lambda booking: svc.cancel_booking(booking=booking, by=None),
            refused=EventError,
            level=messages.ERROR,
            done=ngettext_lazy(
                "%(count)d interview cancelled.", "%(count)d interviews cancelled.", "count"
            ),
        )
        return None


@admin.register(InterviewInvitation)
class InterviewInvitationAdmin(SafeLookupsMixin, InterviewAdminMixin, admin.ModelAdmin):
    list_display = ["person", "booth", "invited_at", "invited_by"]
    list_filter = ["exhibitor__event"]
    search_fields = ["registration__participant__full_name", "exhibitor__employer__name_en",
                     "exhibitor__employer__name_ja"]  # fmt: skip
    list_select_related = ["exhibitor__employer", "registration__participant", "invited_by"]
    ordering = ["-invited_at", "-pk"]
    fields = readonly_fields = ["exhibitor", "registration", "message", "invited_by",
                                "invited_at"]  # fmt: skip

    @admin.display(description=_("participant"), ordering="registration__participant__full_name")
    def person(self, invitation: InterviewInvitation) -> str:
        return str(invitation.registration.participant or gettext("Deleted account"))

    @admin.display(description=_("booth"), ordering="exhibitor__booth_label")
    def booth(self, invitation: InterviewInvitation) -> str:
        return _exhibitor(invitation.exhibitor)
