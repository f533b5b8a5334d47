"""Staff tools for announcements (audiences, publish and unpublish, change history) and for
inquiries from the contact form (filters, search, mark answered). Actions call the services."""

from __future__ import annotations

import re

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from jetcareer.admin_lookups import SafeLookupsMixin
from jetcareer.bilingual import BilingualAdminMixin
from jetcareer.web.dates import format_list

from . import services
from .forms import AnnouncementAdminForm
from .models import Announcement, Audience, Inquiry, audience_field

REFERENCE = re.compile(r"[Qq]-?(\d+)")


def audience_filter(audience: Audience) -> type[admin.SimpleListFilter]:
    """A yes/no list filter for one audience column, titled by the audience."""

    class AudienceFilter(admin.SimpleListFilter):
        title = audience.label
        parameter_name = audience_field(audience)

        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
            return [("1", _("Yes")), ("0", _("No"))]

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            if self.value() in ("0", "1"):
                return queryset.filter(**{self.parameter_name: self.value() == "1"})
            return queryset

    return AudienceFilter


@admin.register(Announcement)
class AnnouncementAdmin(SafeLookupsMixin, BilingualAdminMixin, SimpleHistoryAdmin):
    form = AnnouncementAdminForm
    list_display = ["__str__", "title_ja", "audience_list", "is_published", "published_at"]
    list_filter = ["is_published", *(audience_filter(a) for a in Audience), "published_at"]
    search_fields = ["title_en", "title_ja", "body_en", "body_ja", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title_en", "title_ja", "body_en", "body_ja"]}),
        (_("Audiences"), {"fields": ["audiences"]}),
        (
            _("Publication"),
            {"fields": ["slug", "is_published", "published_at", "created_at", "updated_at"]},
        ),
    ]
    actions = ["publish", "unpublish"]

    @admin.display(description=_("audiences"))
    def audience_list(self, announcement: Announcement) -> str:
        return format_list([str(a.label) for a in announcement.audiences])

    @admin.action(description=_("Publish the selected announcements"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        count = services.publish_announcements(announcements=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d announcement published.", "%(count)d announcements published.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected announcements"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Announcement]) -> None:
        count = services.unpublish_announcements(announcements=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d announcement unpublished.",
                "%(count)d announcements unpublished.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Inquiry)
class InquiryAdmin(SafeLookupsMixin, admin.ModelAdmin):
    list_display = ["reference", "created_at", "division", "topic", "name", "email", "status"]
    list_filter = ["division", "status", "topic", "language", "created_at"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created_at"
    list_select_related = ["answered_by"]
    readonly_fields = [
        "name",
        "email",
        "topic",
        "division",
        "message",
        "language",
        "created_at",
        "status",
        "answered_at",
        "answered_by",
    ]
    actions = ["mark_answered"]

    @admin.display(description=_("reference"), ordering="pk")
    def reference(self, inquiry: Inquiry) -> str:
        return inquiry.reference

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # inquiries come from the contact form, with their e-mails

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Inquiry], search_term: str
    ) -> tuple[QuerySet[Inquiry], bool]:
        # The reference quoted in both e-mails ("Q-000123") finds its inquiry.
        match = REFERENCE.fullmatch(search_term.strip())
        if match:
            return queryset.filter(pk=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    @admin.action(description=_("Mark the selected inquiries as answered"))
    def mark_answered(self, request: HttpRequest, queryset: QuerySet[Inquiry]) -> None:
        count = services.mark_inquiries_answered(inquiries=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d inquiry marked as answered.",
                "%(count)d inquiries marked as answered.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
