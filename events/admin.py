"""Staff run events in Django admin: filters, search, actions that call services, history,
and messages to an event's people.

Fields guarded by a rule are read-only on the change forms (a registration's status, a slot's
booking) and change only through actions that call the services; the capacity stays editable
and is saved by `registrations.change_capacity`, which promotes the waiting list. Actions report
each refusal (EventError) as a message, never as an error page. Actions that cancel or mail
people ask first, saying to how many (jetcareer/admin_confirm.py), and the event's page offers
them as buttons with links to everything about the event.
"""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_confirm import ObjectActionsMixin, confirm_page, submitted
from jetcareer.admin_export import SpreadsheetExportMixin
from jetcareer.admin_lookups import SafeLookupsMixin, presence_filter, titled_filter
from jetcareer.bilingual import BilingualAdminMixin, reads_japanese
from jetcareer.pagination import EstimatedCountAdminMixin
from jetcareer.web.dates import (
    format_aside,
    format_day,
    format_list,
    format_sentences,
    format_when,
)

from . import selectors
from .models import (
    CalendarFeed,
    ConsultationSlot,
    Event,
    EventMessage,
    EventSeries,
    HostOrganization,
    Registration,
    Session,
)
from .services import EventError, TryAgain, consultations, registrations
from .services import messages as event_messages
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
    """The cancellation message in both languages: each person reads the one they chose."""

    message_en = forms.CharField(
        label=_("Message to everyone registered or waiting (English)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("For example: the fair is cancelled because of the typhoon warning."),
    )
    message_ja = forms.CharField(
        label=_("Message to everyone registered or waiting (Japanese)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("People who chose Japanese read this one."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            try:
                registrations.check_cancellation(
                    message_en=data["message_en"], message_ja=data["message_ja"]
                )
            except EventError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return data


# Kept at their stored values when the event's form is saved: they change only through the
# services (cancel_event, change_capacity).
GUARDED_EVENT_FIELDS = (
    "status", "cancellation_message_en", "cancellation_message_ja", "capacity",
)  # fmt: skip


def _message_state(message: EventMessage) -> str:
    """Whether a message is sent (when, to how many people) or still a draft."""
    if not message.is_sent:
        return gettext("draft, not sent")
    return ngettext(
        "sent %(date)s to %(n)d person", "sent %(date)s to %(n)d people", message.recipient_count
    ) % {
        "date": format_when(message.sent_at),
        "n": message.recipient_count,
    }


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


def _event_line(event: Event) -> str:
    """An event as the confirmation pages list it: title, day and the people it holds."""
    return gettext("%(event)s (%(date)s): %(confirmed)d with a seat, %(waiting)d waiting") % {
        "event": event.title,
        "date": format_day(event.starts_at),
        "confirmed": event.confirmed_count,
        "waiting": event.waitlisted_count,
    }


@admin.register(Event)
class EventAdmin(
    SafeLookupsMixin,
    ObjectActionsMixin,
    EstimatedCountAdminMixin,
    BilingualAdminMixin,
    SimpleHistoryAdmin,
):
    form = EventAdminForm
    # ObjectActionsMixin's buttons, and the links of `event_links` above the form.
    change_form_template = "admin/events/event/change_form.html"
    list_display = [
        "title", "kind", "format", "starts_at", "prefecture", "capacity", "confirmed",
        "waitlisted", "checked_in", "state", "is_published",
    ]  # fmt: skip
    # Newest first: the events staff work on now, then the past ones.
    ordering = ["-starts_at", "-pk"]
    list_filter = ["kind", "format", "status", "is_published",
                   ("organizer__kind", titled_filter(_("organiser's kind"))), "series",
                   "prefecture", "audience"]  # fmt: skip
    search_fields = ["title_en", "title_ja", "venue_en", "venue_ja", "city_en", "city_ja", "slug"]
    date_hierarchy = "starts_at"
    list_select_related = ["organizer", "series"]
    autocomplete_fields = ["organizer", "series"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["status", "cancellation_message_en", "cancellation_message_ja",
                       "staff_messages"]  # fmt: skip
    inlines = [SessionInline]
    actions = ["cancel_events", "promote_waiting"]
    object_actions = ["cancel_events", "promote_waiting"]

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
                for name in GUARDED_EVENT_FIELDS:
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

    @admin.display(description=_("status"), ordering="status")
    def state(self, event: Event) -> str:
        """Cancelled, past or scheduled: a past event read "Scheduled" (its stored status
        only says whether it was cancelled; a tester's finding)."""
        if event.status == Event.Status.CANCELLED:
            return event.get_status_display()
        return gettext("Past") if event.is_past else event.get_status_display()

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or not request.user.has_perm("events.view_eventmessage"):
            fields.remove("staff_messages")  # nothing written yet, or not theirs to read
        return fields

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        event = context.get("original")
        if event is None or event.pk is None:
            return super().render_change_form(request, context, *args, **kwargs)
        context["event_links"] = self.event_links(request, event)
        return super().render_change_form(request, context, *args, **kwargs)

    def object_actions_for(self, request: HttpRequest, event: Event) -> dict[str, str | None]:
        """Nothing to cancel or promote once the event is over or cancelled."""
        if event.is_cancelled or event.is_past:
            return {}
        return {
            "cancel_events": gettext("Cancel this event and tell everyone"),
            "promote_waiting": None,
        }

    def event_links(self, request: HttpRequest, event: Event) -> list[tuple[str, str]]:
        """(address, label) of the pages about `event` the user may open: writing a message to
        its people, its registrations, check-in desk, scanner and name badges, exhibitors,
        messages, report and public page."""
        user = request.user
        links = []
        if user.has_perm("events.add_eventmessage"):
            links.append(
                (
                    reverse("admin:events_eventmessage_add") + f"?event={event.pk}",
                    gettext("Message participants"),
                )
            )
        if user.has_perm("events.view_registration"):
            links.append(
                (
                    reverse("admin:events_registration_changelist") + f"?event={event.pk}",
                    gettext("Registrations (%(confirmed)d with a seat, %(waiting)d waiting)")
                    % {"confirmed": event.confirmed_count, "waiting": event.waitlisted_count},
                )
            )
            if event.format == Event.Format.HYBRID:  # who comes, who watches (issue #16)
                counts = selectors.desk_counts(event)
                seats = (
                    reverse("admin:events_registration_changelist")
                    + f"?event={event.pk}&status__exact=confirmed&attendance__exact="
                )
                links += [
                    (seats + "venue", gettext("Coming to the venue: %(n)d") % {"n": counts.venue}),
                    (seats + "online", gettext("Watching online: %(n)d") % {"n": counts.online}),
                ]
        if rules.has_perm("events.check_in", user):
            links.append(
                (reverse("events:checkin_desk", args=[event.slug]), gettext("Check-in desk"))
            )
            links.append((reverse("events:scanner", args=[event.slug]), gettext("Scanner")))
            links.append(
                (reverse("events:badges", args=[event.slug]), gettext("Name badges (PDF)"))
            )
        if event.kind == Event.Kind.CAREER_FAIR and rules.has_perm(
            "events.view_interview_schedule", user
        ):  # every booth's interviews, printable (issue #17)
            links.append(
                (
                    reverse("events:interview_schedule", args=[event.slug]),
                    gettext("Booth interview schedule"),
                )
            )
        if event.kind == Event.Kind.CAREER_FAIR and user.has_perm("events.view_exhibitor"):
            links.append(
                (
                    reverse("admin:events_exhibitor_changelist") + f"?event__id__exact={event.pk}",
                    gettext("Exhibitors"),
                )
            )
        if user.has_perm("events.view_eventmessage"):
            links.append(
                (
                    reverse("admin:events_eventmessage_changelist") + f"?event={event.pk}",
                    gettext("Messages to participants"),
                )
            )
        if rules.has_perm("reports.view", user):
            links.append((reverse("reports:event", args=[event.slug]), gettext("Report")))
        links.append((event.get_absolute_url(), gettext("Public page")))
        return links

    @admin.display(description=_("messages to participants"))
    def staff_messages(self, event: Event) -> str:
        """The messages written for the event, newest first, each linked to its page."""
        written = list(event.messages.all()[:50])
        if not written:
            return gettext("None yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    # 「件名（下書き）」 in Japanese: the brackets of the reader's language.
                    (
                        mark_safe(  # noqa: S308 - both parts are escaped here
                            format_aside(
                                format_html(
                                    '<a href="{}">{}</a>',
                                    reverse("admin:events_eventmessage_change", args=[message.pk]),
                                    message.subject,
                                ),
                                conditional_escape(_message_state(message)),
                            )
                        ),
                    )
                    for message in written
                ),
            ),
        )

    @admin.action(description=_("Cancel selected events and tell everyone"), permissions=["change"])
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> HttpResponse | None:
        """Asks first (how many people will be e-mailed, the message in both languages), then
        cancels each event through the service; a refusal is reported and the others go on."""
        form = CancelEventForm(submitted(request))
        if form.is_bound and form.is_valid():
            told, cancelled = 0, 0
            for event in queryset:
                try:
                    told += registrations.cancel_event(
                        event=event,
                        message_en=form.cleaned_data["message_en"],
                        message_ja=form.cleaned_data["message_ja"],
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
        events = list(queryset.order_by("starts_at", "pk"))
        people = sum(registrations.people_to_tell(event) for event in events)
        intro = ngettext(
            "%(n)d person will be e-mailed: these events will be cancelled, and everyone with "
            "a seat or on the waiting list, and every member of an approved exhibitor, receives "
            "your message in their language (English or Japanese); registrants get a calendar "
            "file that removes the event. Their consultation bookings are cancelled too. This "
            "cannot be undone.",
            "%(n)d people will be e-mailed: these events will be cancelled, and everyone with "
            "a seat or on the waiting list, and every member of an approved exhibitor, receives "
            "your message in their language (English or Japanese); registrants get a calendar "
            "file that removes the event. Their consultation bookings are cancelled too. This "
            "cannot be undone.",
            people,
        ) % {"n": people}
        return confirm_page(
            self,
            request,
            action="cancel_events",
            objects=events,
            form=form,
            title=gettext("Cancel events"),
            intro=intro,
            button=ngettext(
                "Cancel and e-mail %(n)d person", "Cancel and e-mail %(n)d people", people
            )
            % {"n": people},
            describe=lambda event: (
                gettext("%(event)s: already cancelled, nobody is e-mailed") % {"event": event.title}
                if event.is_cancelled
                else _event_line(event)
            ),
        )

    @admin.action(description=_("Give free seats to the waiting list"), permissions=["change"])
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
        fields = ["id", "event", "name", "email", "participant_status", "status", "attendance",
                  "created_at", "confirmed_at", "cancelled_at", "checked_in_at"]  # fmt: skip
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
        chosen = self._chosen_id()
        if chosen is not None and all(e.pk != chosen for e in events):
            events += list(Event.objects.filter(pk=chosen))
        return [(str(e.pk), str(e)) for e in events]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Registration]) -> QuerySet:
        if not self.value():
            return queryset
        chosen = self._chosen_id()
        if chosen is None:
            raise IncorrectLookupParameters(self.value())  # admin answers "?e=1", not a 500
        return queryset.filter(event_id=chosen)

    def _chosen_id(self) -> int | None:
        """The event id in the address, or None for anything that is not one (letters, or a
        number past the largest id the database holds: 2**63 - 1)."""
        chosen = self.value() or ""
        if chosen.isascii() and chosen.isdigit() and int(chosen) < 2**63:
            return int(chosen)
        return None


@admin.register(Registration)
class RegistrationAdmin(
    SafeLookupsMixin, EstimatedCountAdminMixin, SpreadsheetExportMixin, admin.ModelAdmin
):
    resource_classes = [RegistrationResource]
    list_display = ["participant", "event", "status", "attendance", "created_at", "checked_in_at"]
    # Attendance: a hybrid event's venue or online (issue #16); empty for other formats.
    list_filter = ["status", "attendance", ("event__kind", titled_filter(_("event kind"))),
                   ("checked_in_at", presence_filter(_("check-in"), _("Checked in"),
                                                     _("Not checked in"))),
                   NearbyEventFilter]  # fmt: skip
    search_fields = ["participant__full_name", "participant__user__email", "event__title_en"]
    list_select_related = ["participant", "event"]
    # Newest first, read backwards along the index of Meta.ordering (created_at, id).
    ordering = ["-created_at", "-id"]
    # Every field is guarded (seats, the waiting list's order, check-in, a hybrid event's
    # attendance): the change form only shows them. Status changes go through the actions
    # below and the events' promote action; the attendance through the person's ticket
    # (registrations.change_attendance, which refuses once the event has started).
    fields = readonly_fields = ["event", "participant", "status", "attendance", "ticket_token",
                                "created_at", "confirmed_at", "cancelled_at", "checked_in_at",
                                "reminder_sent_at"]  # fmt: skip
    actions = ["cancel_registrations"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people register themselves; staff cancel or promote through actions

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        return False  # a deleted seat would promote nobody; cancel instead

    def save_model(self, request: HttpRequest, obj: Registration, form: Any, change: bool) -> None:
        """Nothing on the form is editable: saving must not write back a stale copy (a person
        promoted meanwhile would be put back on the waiting list)."""

    @admin.action(
        description=_("Cancel selected registrations (promotes the waiting list)"),
        permissions=["change"],
    )
    def cancel_registrations(
        self, request: HttpRequest, queryset: QuerySet[Registration]
    ) -> HttpResponse | None:
        """Asks first, saying how many people will be e-mailed; then each registration goes
        through the service, the waiting list first, then in the order people registered; a
        refusal (checked in, event over) is reported and the others go ahead. At most
        CANCEL_AT_ONCE registrations at a time."""
        if submitted(request) is None:
            selected = list(_in_cancelling_order(queryset))
            live = [r for r in selected if r.status != Registration.Status.CANCELLED]
            if not live:
                self.message_user(
                    request,
                    gettext("The selected registrations are already cancelled."),
                    messages.INFO,
                )
                return None
            # The count says what will happen: the checked-in and past ones stay (the rule of
            # registrations.cancellation_refusal, which the service applies again).
            cancellable = [r for r in live if registrations.cancellation_refusal(r) is None]
            if not cancellable:
                self.message_user(
                    request,
                    gettext(
                        "None of the selected registrations can be cancelled: they are checked "
                        "in, or their events have taken place."
                    ),
                    messages.WARNING,
                )
                return None
            if _too_many(request, self, len(cancellable)):
                return None
            seats = sum(r.is_confirmed for r in cancellable)
            kept = len(live) - len(cancellable)
            # Whether anyone outside the selection waits for the seats freed.
            promoted = (
                Registration.objects.waitlisted()
                .filter(event_id__in={r.event_id for r in cancellable if r.is_confirmed})
                .exclude(pk__in=[r.pk for r in cancellable])
                .exists()
            )
            intro = format_sentences(
                ngettext(
                    "%(n)d registration will be cancelled and the person e-mailed in their "
                    "language.",
                    "%(n)d registrations will be cancelled and the people e-mailed in their "
                    "language.",
                    len(cancellable),
                )
                % {"n": len(cancellable)},
                seats
                and promoted
                and ngettext(
                    "%(n)d seat is freed: it goes to the first person on the waiting list, "
                    "who is e-mailed too.",
                    "%(n)d seats are freed: they go to the first people on the waiting list, "
                    "who are e-mailed too.",
                    seats,
                )
                % {"n": seats},
                seats
                and not promoted
                and ngettext("%(n)d seat is freed.", "%(n)d seats are freed.", seats)
                % {"n": seats},
                kept and _kept_sentence(kept),
            )
            # The page names (and, but for "select all", posts back) only the registrations
            # that will be cancelled; the others are counted above.
            return confirm_page(
                self,
                request,
                action="cancel_registrations",
                objects=cancellable,
                title=gettext("Cancel registrations"),
                intro=intro,
                button=ngettext(
                    "Cancel %(n)d registration", "Cancel %(n)d registrations", len(cancellable)
                )
                % {"n": len(cancellable)},
                describe=lambda r: f"{_who(r)} ({r.get_status_display()})",
            )
        cancelled, already, refused = [], 0, {}
        chosen = list(_in_cancelling_order(queryset))
        # "Select all" chooses again from the list's filters: what the page counted as staying
        # stays without an error (the service still refuses what changed meanwhile).
        if request.POST.get("select_across") == "1":
            live = [r for r in chosen if r.status != Registration.Status.CANCELLED]
            chosen = [r for r in live if registrations.cancellation_refusal(r) is None]
            kept = len(live) - len(chosen)
            if kept:
                self.message_user(request, _kept_sentence(kept), messages.INFO)
        if _too_many(request, self, len(chosen)):
            return None
        for registration in chosen:
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
    """Names joined for a message, the first `shown` of them and then how many more (「、」 in
    Japanese; "; " in English, as a name may hold a comma)."""
    joiner = "、" if reads_japanese() else "; "
    if len(names) <= shown:
        return joiner.join(names)
    rest = len(names) - shown
    return ngettext("%(names)s and %(n)d more", "%(names)s and %(n)d more", rest) % {
        "names": joiner.join(names[:shown]),
        "n": rest,
    }


# Registrations one action cancels at most: each takes its event's lock and queues mail, and the
# page must answer before the server gives up on it (gunicorn: 30 s). A whole event is
# cancelled with the events' own action.
CANCEL_AT_ONCE = 500


def _in_cancelling_order(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """The waiting list first, then the seats, each in the order people registered: a seat
    cancelled first would promote someone of the same selection, who would be told "a seat is
    yours" and then "cancelled" (a tester's finding)."""
    waiting_first = Case(When(status=Registration.Status.WAITLISTED, then=0), default=1)
    return queryset.select_related("participant", "event").order_by(
        waiting_first, "created_at", "pk"
    )


def _kept_sentence(kept: int) -> str:
    return ngettext(
        "%(n)d of the selected registrations is checked in or of an event that has "
        "taken place: it is not cancelled.",
        "%(n)d of the selected registrations are checked in or of events that have "
        "taken place: they are not cancelled.",
        kept,
    ) % {"n": kept}


def _too_many(request: HttpRequest, model_admin: admin.ModelAdmin, count: int) -> bool:
    if count <= CANCEL_AT_ONCE:
        return False
    model_admin.message_user(
        request,
        gettext(
            "%(n)d registrations are too many to cancel at once: at most %(max)d. Narrow the "
            "list with the filters, or cancel the whole event with the events' action."
        )
        % {"n": count, "max": CANCEL_AT_ONCE},
        messages.WARNING,
    )
    return True


class ConsultationSlotAdminForm(forms.ModelForm):
    """Applies the rules of offering a slot (no overlap with the advisor's other slots, during
    a networking event; a place or an https link as the event's format allows) through the
    service's checks."""

    # Declared so a link typed without its scheme reads as https (the service takes no other).
    meeting_url = forms.URLField(
        label=ConsultationSlot._meta.get_field("meeting_url").verbose_name,
        max_length=ConsultationSlot._meta.get_field("meeting_url").max_length,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = ConsultationSlot
        fields = "__all__"  # noqa: DJ007 - the admin's readonly_fields decide

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        slot = self.instance
        event = data.get("event", getattr(slot, "event", None))
        meeting = ("meeting_place_en", "meeting_place_ja", "meeting_url")
        if event is not None and (not slot.pk or {"event", *meeting} & set(self.changed_data)):
            values = {
                name: (data.get(name, getattr(slot, name, "")) or "").strip() for name in meeting
            }
            try:
                consultations.check_meeting(event=event, **values)
            except consultations.MeetingError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, str(exc))
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
class ConsultationSlotAdmin(SafeLookupsMixin, BilingualAdminMixin, admin.ModelAdmin):
    form = ConsultationSlotAdminForm
    list_display = ["event", "advisor", "field", "starts_at", "booked_by"]
    list_filter = ["field",
                   ("booked_by", presence_filter(_("booking"), _("Booked"), _("Free"))),
                   "event"]  # fmt: skip
    search_fields = ["advisor__full_name", "booked_by__full_name", "event__title_en"]
    list_select_related = ["event", "advisor", "booked_by"]
    raw_id_fields = ["advisor", "event"]
    actions = ["cancel_bookings"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: ConsultationSlot | None = None
    ) -> list[str]:
        """Bookings change only through the participant's page or the action below; a booked
        slot keeps its time and where it meets (cancel the booking first, which tells both
        people: their calendar files hold both). The reminder's stamp is the task's."""
        if obj is None:
            return ["booked_by", "booked_at", "reminder_sent_at"]
        if obj.is_booked:
            return ["event", "advisor", "starts_at", "ends_at", "booked_by", "booked_at",
                    "meeting_place_en", "meeting_place_ja", "meeting_url",
                    "reminder_sent_at"]  # fmt: skip
        return ["event", "advisor", "booked_by", "booked_at", "reminder_sent_at"]

    def save_model(
        self, request: HttpRequest, obj: ConsultationSlot, form: Any, change: bool
    ) -> None:
        """Write only what the form changed (checked by the form under the advisor's lock), so
        a stale copy never undoes a booking made or cancelled meanwhile."""
        if not change:
            super().save_model(request, obj, form, change)
        elif form.changed_data:
            obj.save(update_fields=form.changed_data)

    @admin.action(
        description=_("Cancel the bookings of selected slots (tells both people)"),
        permissions=["change"],
    )
    def cancel_bookings(
        self, request: HttpRequest, queryset: QuerySet[ConsultationSlot]
    ) -> HttpResponse | None:
        """Asks first, saying how many bookings and e-mails; then cancels each booking through
        the service, which tells the person who booked and the advisor."""
        booked = queryset.filter(booked_by__isnull=False).select_related(
            "advisor", "booked_by", "event"
        )
        if submitted(request) is None:
            slots = list(booked.order_by("starts_at", "pk"))
            if not slots:
                self.message_user(
                    request, gettext("None of the selected slots is booked."), messages.INFO
                )
                return None
            intro = ngettext(
                "%(n)d booking will be cancelled: the person who booked it and the advisor "
                "are both e-mailed (%(mails)d e-mails). The slot is free to book again.",
                "%(n)d bookings will be cancelled: the person who booked each and the advisor "
                "are both e-mailed (%(mails)d e-mails). The slots are free to book again.",
                len(slots),
            ) % {"n": len(slots), "mails": 2 * len(slots)}
            return confirm_page(
                self,
                request,
                action="cancel_bookings",
                objects=slots,
                title=gettext("Cancel consultation bookings"),
                intro=intro,
                button=ngettext("Cancel %(n)d booking", "Cancel %(n)d bookings", len(slots))
                % {"n": len(slots)},
                describe=lambda slot: (
                    gettext("%(slot)s, booked by %(person)s")
                    % {"slot": slot, "person": slot.booked_by}
                ),
            )
        count = 0
        for slot in booked:
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


class EventMessageForm(forms.ModelForm):
    """A message to an event's people: whom it goes to, and its subject and text in both
    languages, checked by the service that sends it."""

    audiences = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=EventMessage.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service's check says what is wrong, in its own words
        help_text=_("A person in several of these groups receives the message once."),
    )

    class Meta:
        model = EventMessage
        fields = event_messages.EDITABLE_FIELDS
        widgets = {
            "subject_en": forms.TextInput(attrs={"size": 50}),
            "subject_ja": forms.TextInput(attrs={"size": 50}),
            "body_en": forms.Textarea(attrs={"rows": 12, "cols": 50}),
            "body_ja": forms.Textarea(attrs={"rows": 12, "cols": 50}),
        }

    def clean_audiences(self) -> list[str]:
        audiences = self.cleaned_data.get("audiences") or []
        try:
            event_messages.check_audiences(audiences)
        except EventError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return audiences


# The rows of a message's page: the pair of each language on one row (BilingualAdminMixin).
MESSAGE_ROWS = ["event", "audiences", ("subject_en", "subject_ja"), ("body_en", "body_ja")]
SENT_ROWS = ["event", "audience_list", ("subject_en", "subject_ja"), ("body_en", "body_ja")]
RECORD_ROWS = ["created_by", "created_at", "sent_by", "sent_at", "recipient_count"]


@admin.register(EventMessage)
class EventMessageAdmin(
    SafeLookupsMixin, ObjectActionsMixin, BilingualAdminMixin, admin.ModelAdmin
):
    """Staff write a message (the event preset from the event's page), read the preview on
    its page (how many people, the mail in English and in Japanese) and send it with the
    button, which asks first; the outbox's workers mail each person in their language. A sent
    message stays, read-only, with its event."""

    form = EventMessageForm
    change_form_template = "admin/events/eventmessage/change_form.html"
    list_display = ["subject_en", "event", "audience_list", "state", "created_by", "created_at"]
    list_filter = [NearbyEventFilter,
                   ("sent_at", presence_filter(_("sending"), pgettext_lazy("message", "Sent"),
                                               pgettext_lazy("message", "Draft")))]  # fmt: skip
    search_fields = ["subject_en", "subject_ja", "event__title_en", "event__title_ja"]
    list_select_related = ["event", "created_by"]
    autocomplete_fields = ["event"]
    actions = ["send_messages"]
    object_actions = ["send_messages"]

    def get_fieldsets(self, request: HttpRequest, obj: EventMessage | None = None) -> list:
        if obj is None:
            return [(None, {"fields": MESSAGE_ROWS})]
        if obj.is_sent:
            return [
                (None, {"fields": SENT_ROWS}),
                (_("Sent"), {"fields": RECORD_ROWS}),
                (_("The mail as sent"), {"fields": ["preview"]}),
            ]
        return [
            (None, {"fields": MESSAGE_ROWS}),
            (_("Preview"), {"fields": ["preview"]}),
            (pgettext_lazy("message", "Draft"), {"fields": ["created_by", "created_at"]}),
        ]

    def get_readonly_fields(
        self, request: HttpRequest, obj: EventMessage | None = None
    ) -> list[str]:
        if obj is None:
            return []
        if obj.is_sent:
            return ["event", "audience_list", "subject_en", "subject_ja", "body_en", "body_ja",
                    *RECORD_ROWS, "preview"]  # fmt: skip
        return ["preview", "created_by", "created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: EventMessage | None = None) -> bool:
        if obj is not None and obj.is_sent:
            return False  # kept with the event: what its people were told
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: EventMessage, form: Any, change: bool) -> None:
        """Through the service, which refuses a message sent meanwhile (the form's copy is
        stale then) and records the author."""
        try:
            event_messages.save_draft(message=obj, by=request.user)
        except EventError as exc:
            self.message_user(request, str(exc), messages.ERROR)

    def response_add(
        self, request: HttpRequest, obj: EventMessage, post_url_continue: str | None = None
    ) -> HttpResponse:
        # A message written leads to its preview, where it is sent.
        return self._to_preview(request, obj)

    def response_change(self, request: HttpRequest, obj: EventMessage) -> HttpResponse:
        if obj.is_sent:
            return super().response_change(request, obj)
        return self._to_preview(request, obj)

    def _to_preview(self, request: HttpRequest, obj: EventMessage) -> HttpResponse:
        if obj.pk is None:  # refused by the service: its message says why
            return HttpResponseRedirect(reverse("admin:events_eventmessage_changelist"))
        self.message_user(
            request,
            gettext("Draft saved, not sent yet. Check the preview below, then send it."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:events_eventmessage_change", args=[obj.pk]))

    def render_change_form(
        self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        obj = context.get("original")
        if obj is not None and obj.pk is not None and not obj.is_sent:
            context["recipients"] = len(
                event_messages.recipient_ids(event=obj.event, audiences=obj.audiences)
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def object_actions_for(
        self, request: HttpRequest, message: EventMessage
    ) -> dict[str, str | None]:
        """A message is sent once, and only to someone: with nobody in the chosen groups the
        page shows the count (0) and no button (tester, #15); the service refuses it anyway."""
        if message.is_sent or not event_messages.recipient_ids(
            event=message.event, audiences=message.audiences
        ):
            return {}
        return {"send_messages": gettext("Send the message")}

    @admin.display(description=_("send to"))
    def audience_list(self, message: EventMessage) -> str:
        return format_list([str(label) for label in message.audience_labels()])

    @admin.display(description=_("state"), ordering="sent_at")
    def state(self, message: EventMessage) -> str:
        return _message_state(message)

    @admin.display(description=_("preview"))
    def preview(self, message: EventMessage) -> str:
        """How many people each chosen group holds now (for a draft) and the mail as each
        language receives it, rendered by the templates the workers use."""
        shown = event_messages.preview(message=message)
        counts = ""
        if not message.is_sent:
            counts = format_html(
                '<table class="message-counts"><tbody>{}'
                "<tr><th>{}</th><td><strong>{}</strong></td></tr></tbody></table>",
                format_html_join(
                    "",
                    "<tr><th>{}</th><td>{}</td></tr>",
                    ((str(label), n) for label, n in shown.counts),
                ),
                gettext("People e-mailed (each once)"),
                shown.total,
            )
        mails = format_html_join(
            "",
            '<section class="message-preview" lang="{}"><h4>{}</h4>'
            "<p><strong>{}</strong></p><pre>{}</pre></section>",
            [
                ("en", gettext("In English"), *shown.english),
                ("ja", gettext("In Japanese"), *shown.japanese),
            ],
        )
        return format_html("{}{}", counts, mails)

    @admin.action(description=_("Send selected messages"), permissions=["add"])
    def send_messages(
        self, request: HttpRequest, queryset: QuerySet[EventMessage]
    ) -> HttpResponse | None:
        """Asks first, saying how many people each message reaches; then sends each through
        the service (the outbox's workers mail them). A refusal is reported, the others go."""
        drafts = list(queryset.filter(sent_at__isnull=True).select_related("event").order_by("pk"))
        if not drafts:
            self.message_user(
                request, gettext("The selected messages have already been sent."), messages.INFO
            )
            return None
        if submitted(request) is None:
            reach = {
                message.pk: len(
                    event_messages.recipient_ids(event=message.event, audiences=message.audiences)
                )
                for message in drafts
            }
            people = sum(reach.values())
            return confirm_page(
                self,
                request,
                action="send_messages",
                objects=drafts,
                title=gettext("Send messages"),
                intro=ngettext(
                    "%(n)d person will be e-mailed, each in their language (English or "
                    "Japanese). A sent message cannot be changed or called back.",
                    "%(n)d people will be e-mailed, each in their language (English or "
                    "Japanese). A sent message cannot be changed or called back.",
                    people,
                )
                % {"n": people},
                button=ngettext("Send to %(n)d person", "Send to %(n)d people", people)
                % {"n": people},
                describe=lambda message: (
                    ngettext(
                        "“%(subject)s” (%(event)s) to %(audiences)s: %(n)d person",
                        "“%(subject)s” (%(event)s) to %(audiences)s: %(n)d people",
                        reach[message.pk],
                    )
                    % {
                        "subject": message.subject,
                        "event": message.event.title,
                        "audiences": self.audience_list(message),
                        "n": reach[message.pk],
                    }
                ),
            )
        told = 0
        for message in drafts:
            try:
                told += event_messages.send_message(message=message, by=request.user)
            except EventError as exc:
                self.message_user(
                    request,
                    gettext("Not sent: “%(subject)s”. %(reason)s")
                    % {"subject": message.subject, "reason": exc},
                    messages.ERROR,
                )
        if told:
            self.message_user(
                request,
                ngettext(
                    "Sent: %(n)d person will receive the message in their language within a "
                    "few minutes.",
                    "Sent: %(n)d people will receive the message in their language within a "
                    "few minutes.",
                    told,
                )
                % {"n": told},
                messages.SUCCESS,
            )
        return None


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["participant"]
    raw_id_fields = ["participant"]


# Exhibitor admin lives beside its services; importing it registers it.
from . import booth_admin, exhibitor_admin, interview_admin  # noqa: E402, F401
