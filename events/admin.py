"""Staff run events in Django admin: filters, search, actions that call services, history.

Fields guarded by a rule are read-only on the change forms (a registration's status, a slot's
booking) and change only through actions that call the services; the capacity stays editable
and is saved by `registrations.change_capacity`, which promotes the waiting list. Actions report
each refusal (EventError) as a message, never as an error page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.pagination import EstimatedCountAdminMixin

from .models import (
    CalendarFeed,
    ConsultationSlot,
    Event,
    EventSeries,
    HostOrganization,
    Registration,
    Session,
)
from .services import EventError, TryAgain, consultations, registrations
from .services.locking import lock


@admin.register(HostOrganization)
class HostOrganizationAdmin(SafeLookupsMixin, BilingualAdminMixin, admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "kind", "prefecture"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ja"]


@admin.register(EventSeries)
class EventSeriesAdmin(SafeLookupsMixin, BilingualAdminMixin, admin.ModelAdmin):
    list_display = ["title_en", "title_ja", "slug"]
    search_fields = ["title_en", "title_ja"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class CancelEventForm(forms.Form):
    message = forms.CharField(
        label=_("Message to everyone registered or waiting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the fair is cancelled because of the typhoon warning."),
    )


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets and readonly_fields decide

    def clean_capacity(self) -> int | None:
        """Show a capacity below the seats taken as the field's error (the service re-checks
        under the event's lock when it saves). Compared with the stored capacity, not the
        form's instance: a history "revert" form starts from an old version."""
        capacity = self.cleaned_data.get("capacity")
        if self.instance.pk is None:
            return capacity
        stored = Event.objects.filter(pk=self.instance.pk).values_list("capacity", flat=True)
        if capacity != stored.first():
            try:
                registrations.check_capacity(event=self.instance, capacity=capacity)
            except EventError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return capacity


@admin.register(Event)
class EventAdmin(
    SafeLookupsMixin, EstimatedCountAdminMixin, BilingualAdminMixin, SimpleHistoryAdmin
):
    form = EventAdminForm
    list_display = [
        "title_en", "kind", "format", "starts_at", "prefecture", "capacity", "confirmed",
        "waitlisted", "checked_in", "status", "is_published",
    ]  # fmt: skip
    list_filter = ["kind", "format", "status", "is_published", "organizer__kind", "series",
                   "prefecture", "audience"]  # fmt: skip
    search_fields = ["title_en", "title_ja", "venue_en", "venue_ja", "city", "slug"]
    date_hierarchy = "starts_at"
    list_select_related = ["organizer", "series"]
    autocomplete_fields = ["organizer", "series"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["status", "cancellation_message"]
    inlines = [SessionInline]
    actions = ["cancel_events", "promote_waiting"]

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        """Save the form, except the guarded fields: the status and its message keep their
        stored values (they change only through the cancel action), and a new capacity is set by
        the service, which gives the new seats to the people waiting (first come, first served,
        each mailed). Under the event's lock, so a stale form (or a history "revert" to an old
        version) never writes back an old status or capacity."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        capacity, promoted = obj.capacity, []
        try:
            with transaction.atomic():
                stored = lock(Event, obj.pk)
                for name in ("status", "cancellation_message", "capacity"):
                    setattr(obj, name, getattr(stored, name))
                super().save_model(request, obj, form, change)
                if capacity != stored.capacity:
                    try:
                        promoted = registrations.change_capacity(event=obj, capacity=capacity)
                    except EventError as exc:  # seats taken meanwhile: the rest is saved
                        self.message_user(request, str(exc), messages.ERROR)
        except TryAgain as exc:  # a registration rush holds the event: nothing was saved
            self.message_user(request, str(exc), messages.ERROR)
            return
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "Capacity changed: %(n)d person on the waiting list got a seat and was "
                    "told by e-mail.",
                    "Capacity changed: %(n)d people on the waiting list got a seat and were "
                    "told by e-mail.",
                    len(promoted),
                )
                % {"n": len(promoted)},
                messages.SUCCESS,
            )

    # The counts the database keeps on the event's row (Event.confirmed_count): a page of
    # events costs the same however many registrations they have. Checked in is the desk's
    # count (Registration.objects.checked_in()): confirmed and checked in.
    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, event: Event) -> int:
        return event.confirmed_count

    @admin.display(description=_("waiting"), ordering="waitlisted_count")
    def waitlisted(self, event: Event) -> int:
        return event.waitlisted_count

    @admin.display(description=_("checked in"), ordering="checked_in_count")
    def checked_in(self, event: Event) -> int:
        return event.checked_in_count

    @admin.action(description=_("Cancel selected events and tell everyone"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse | None:
        form = CancelEventForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            told, cancelled = 0, 0
            for event in queryset:
                try:
                    told += registrations.cancel_event(
                        event=event, message=form.cleaned_data["message"]
                    )
                except EventError as exc:
                    self.message_user(
                        request,
                        gettext("Not cancelled: %(event)s. %(reason)s")
                        % {"event": event, "reason": exc},
                        messages.ERROR,
                    )
                else:
                    cancelled += 1
            if cancelled:
                self.message_user(
                    request,
                    ngettext(
                        "Cancelled; %(n)d person was told.",
                        "Cancelled; %(n)d people were told.",
                        told,
                    )
                    % {"n": told},
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "admin/events/cancel_events.html",
            {
                **self.admin_site.each_context(request),
                "events": queryset,
                "form": form,
                "opts": self.model._meta,
                "title": _("Cancel events"),
            },
        )

    @admin.action(description=_("Give free seats to the waiting list"))
    def promote_waiting(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        """First come, first served, never beyond the capacity: to confirm more people, raise
        the capacity (which promotes by itself)."""
        promoted = 0
        for event in queryset:
            try:
                promoted += len(registrations.promote_waiting(event=event))
            except EventError as exc:  # the event is busy: try again
                self.message_user(request, f"{event}: {exc}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)d person promoted.", "%(n)d people promoted.", promoted)
            % {"n": promoted},
        )


class RegistrationResource(resources.ModelResource):
    event = fields.Field(attribute="event__slug", column_name="event")
    name = fields.Field(attribute="participant__full_name", column_name="name")
    email = fields.Field(attribute="participant__user__email", column_name="email")
    participant_status = fields.Field(attribute="participant__status", column_name="jet_status")

    class Meta:
        model = Registration
        fields = ["id", "event", "name", "email", "participant_status", "status", "created_at",
                  "confirmed_at", "cancelled_at", "checked_in_at"]  # fmt: skip
        export_order = fields


def _who(registration: Registration) -> str:
    person = registration.participant or gettext("Deleted account")
    return f"{person} @ {registration.event}"


class NearbyEventFilter(admin.SimpleListFilter):
    """Filter registrations by event. The sidebar offers the events nearest today (the next
    NEXT and the last PAST), not every event ever held: thousands of links would cost more than
    the list itself. Any event can still be chosen with ?event=<id>; a chosen event is always
    shown."""

    title = _("event")
    parameter_name = "event"
    NEXT, PAST = 15, 5

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        now = timezone.now()
        events = [
            *Event.objects.filter(ends_at__gte=now).order_by("starts_at")[: self.NEXT],
            *Event.objects.filter(ends_at__lt=now).order_by("-starts_at")[: self.PAST],
        ]
        chosen = self.value()
        if chosen and chosen.isdigit() and all(str(e.pk) != chosen for e in events):
            events += list(Event.objects.filter(pk=int(chosen)))
        return [(str(e.pk), str(e)) for e in events]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Registration]) -> QuerySet:
        chosen = self.value()
        if not chosen:
            return queryset
        if not chosen.isdigit():
            raise IncorrectLookupParameters(chosen)  # admin answers "?e=1", not an error page
        return queryset.filter(event_id=int(chosen))


@admin.register(Registration)
class RegistrationAdmin(
    SafeLookupsMixin, EstimatedCountAdminMixin, SpreadsheetExportMixin, admin.ModelAdmin
):
    resource_classes = [RegistrationResource]
    list_display = ["participant", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "event__kind", ("checked_in_at", admin.EmptyFieldListFilter),
                   NearbyEventFilter]  # fmt: skip
    search_fields = ["participant__full_name", "participant__user__email", "event__title_en"]
    list_select_related = ["participant", "event"]
    # Every field is guarded (seats, the waiting list's order, check-in): the change form only
    # shows them. Status changes go through the actions below and the events' promote action.
    fields = readonly_fields = ["event", "participant", "status", "ticket_token", "created_at",
                                "confirmed_at", "cancelled_at", "checked_in_at",
                                "reminder_sent_at"]  # fmt: skip
    actions = ["cancel_registrations"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people register themselves; staff cancel or promote through actions

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False  # a deleted seat would promote nobody; cancel instead

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        """Nothing on the form is editable: saving must not write back a stale copy (a person
        promoted meanwhile would be put back on the waiting list)."""

    @admin.action(description=_("Cancel selected registrations (promotes the waiting list)"))
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        """Each registration through the service, in the order people registered; a refusal
        (checked in, event over) is reported and the others go ahead."""
        cancelled, already, refused = [], 0, {}
        for registration in queryset.select_related("participant", "event").order_by(
            "created_at", "pk"
        ):
            try:
                done = registrations.cancel_registration(registration=registration)
            except EventError as exc:
                refused.setdefault(str(exc), []).append(_who(registration))
                continue
            if done:
                cancelled.append(_who(registration))
            else:
                already += 1
        # One message per reason, so a page of 100 past registrations is one line, not 100.
        for reason, names in refused.items():
            self.message_user(
                request,
                gettext("Not cancelled: %(registration)s. %(reason)s")
                % {"registration": _listing(names), "reason": reason},
                messages.ERROR,
            )
        if cancelled:
            self.message_user(
                request,
                ngettext(
                    "%(n)d registration cancelled: %(names)s.",
                    "%(n)d registrations cancelled: %(names)s.",
                    len(cancelled),
                )
                % {"n": len(cancelled), "names": _listing(cancelled)},
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(n)d registration was already cancelled.",
                    "%(n)d registrations were already cancelled.",
                    already,
                )
                % {"n": already},
                messages.INFO,
            )


def _listing(names: list[str], shown: int = 10) -> str:
    """Names joined for a message, the first `shown` of them and then how many more."""
    if len(names) <= shown:
        return "; ".join(names)
    rest = len(names) - shown
    return ngettext("%(names)s and %(n)d more", "%(names)s and %(n)d more", rest) % {
        "names": "; ".join(names[:shown]),
        "n": rest,
    }


class ConsultationSlotAdminForm(forms.ModelForm):
    """Applies the rules of offering a slot (no overlap with the advisor's other slots, during
    a networking event) through the service's check."""

    class Meta:
        model = ConsultationSlot
        fields = "__all__"  # noqa: DJ007 - the admin's readonly_fields decide

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        slot = self.instance
        event = data.get("event", getattr(slot, "event", None))
        advisor = data.get("advisor", getattr(slot, "advisor", None))
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        guarded = {"event", "advisor", "starts_at", "ends_at"}
        if None in (event, advisor, starts_at, ends_at) or (
            slot.pk and not guarded & set(self.changed_data)
        ):
            return data
        if ends_at <= starts_at:
            return data  # the model's constraint says so, in its own words
        try:
            consultations.check_slot(
                event=event, advisor=advisor, starts_at=starts_at, ends_at=ends_at,
                exclude_pk=slot.pk,
            )  # fmt: skip
        except EventError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(SafeLookupsMixin, admin.ModelAdmin):
    form = ConsultationSlotAdminForm
    list_display = ["event", "advisor", "field", "starts_at", "booked_by"]
    list_filter = ["field", ("booked_by", admin.EmptyFieldListFilter), "event"]
    search_fields = ["advisor__full_name", "booked_by__full_name", "event__title_en"]
    list_select_related = ["event", "advisor", "booked_by"]
    raw_id_fields = ["advisor", "event"]
    actions = ["cancel_bookings"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ConsultationSlot | None = None
    ) -> list[str]:
        """Bookings change only through the participant's page or the action below; a booked
        slot keeps its time (cancel the booking first, which tells both people)."""
        if obj is None:
            return ["booked_by", "booked_at"]
        if obj.is_booked:
            return ["event", "advisor", "starts_at", "ends_at", "booked_by", "booked_at"]
        return ["event", "advisor", "booked_by", "booked_at"]

    def save_model(
        self, request: HttpRequest, obj: ConsultationSlot, form: Any, change: bool
    ) -> None:
        """Write only what the form changed (checked by the form under the advisor's lock), so
        a stale copy never undoes a booking made or cancelled meanwhile."""
        if not change:
            super().save_model(request, obj, form, change)
        elif form.changed_data:
            obj.save(update_fields=form.changed_data)

    @admin.action(description=_("Cancel the bookings of selected slots (tells both people)"))
    def cancel_bookings(self, request: HttpRequest, queryset: QuerySet[ConsultationSlot]) -> None:
        count = 0
        for slot in queryset.filter(booked_by__isnull=False):
            try:
                consultations.cancel_booking(slot=slot, profile=None)
            except EventError as exc:
                self.message_user(request, f"{slot}: {exc}", messages.ERROR)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%(n)d booking cancelled.", "%(n)d bookings cancelled.", count) % {"n": count},
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["participant"]
    raw_id_fields = ["participant"]


# Exhibitor admin lives beside its services; importing it registers it.
from . import exhibitor_admin  # noqa: E402, F401
