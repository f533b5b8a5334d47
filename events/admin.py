"""Staff run events in Django admin: filters, search, actions that call services, history."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CalendarFeed,
    ConsultationSlot,
    Event,
    EventSeries,
    HostOrganization,
    Registration,
    Session,
)
from .services import registrations


@admin.register(HostOrganization)
class HostOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "kind", "prefecture"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ja"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
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


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_confirmed=Count("registrations", filter=Q(registrations__status="confirmed")),
                n_waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
                n_checked_in=Count(
                    "registrations", filter=Q(registrations__checked_in_at__isnull=False)
                ),
            )
        )

    @admin.display(description=_("confirmed"), ordering="n_confirmed")
    def confirmed(self, event: Event) -> int:
        return event.n_confirmed

    @admin.display(description=_("waiting"), ordering="n_waitlisted")
    def waitlisted(self, event: Event) -> int:
        return event.n_waitlisted

    @admin.display(description=_("checked in"), ordering="n_checked_in")
    def checked_in(self, event: Event) -> int:
        return event.n_checked_in

    @admin.action(description=_("Cancel selected events and tell everyone"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse | None:
        form = CancelEventForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            told = sum(
                registrations.cancel_event(event=event, message=form.cleaned_data["message"])
                for event in queryset
            )
            self.message_user(
                request,
                ngettext(
                    "Cancelled; %(n)d person was told.", "Cancelled; %(n)d people were told.", told
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
        promoted = sum(len(registrations.promote_waiting(event=event)) for event in queryset)
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


@admin.register(Registration)
class RegistrationAdmin(ExportActionMixin, admin.ModelAdmin):
    resource_classes = [RegistrationResource]
    list_display = ["participant", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "event__kind", ("checked_in_at", admin.EmptyFieldListFilter),
                   "event"]  # fmt: skip
    search_fields = ["participant__full_name", "participant__user__email", "event__title_en"]
    list_select_related = ["participant", "event"]
    raw_id_fields = ["participant", "event"]
    readonly_fields = ["ticket_token", "created_at", "confirmed_at", "cancelled_at",
                       "reminder_sent_at"]  # fmt: skip
    actions = ["cancel_registrations"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people register themselves; staff cancel or promote through actions

    @admin.action(description=_("Cancel selected registrations (promotes the waiting list)"))
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        for registration in queryset:
            registrations.cancel_registration(registration=registration)
        self.message_user(request, _("Registrations cancelled."))


@admin.register(ConsultationSlot)
class ConsultationSlotAdmin(admin.ModelAdmin):
    list_display = ["event", "advisor", "field", "starts_at", "booked_by"]
    list_filter = ["field", ("booked_by", admin.EmptyFieldListFilter), "event"]
    search_fields = ["advisor__full_name", "booked_by__full_name", "event__title_en"]
    list_select_related = ["event", "advisor", "booked_by"]
    raw_id_fields = ["advisor", "booked_by", "event"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["participant"]
    raw_id_fields = ["participant"]


# Exhibitor admin lives beside its services; importing it registers it.
from . import exhibitor_admin  # noqa: E402, F401
