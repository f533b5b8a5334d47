"""Admin of fair day at the booths (issue #17); importing it registers it.

Booth visits and leads are read-only for staff: they are made by exhibitors' scans
(events.services.booth_leads) and belong to the exhibiting organisation and the person; staff
read them (who scanned whom at which fair, for questions and for the fair's report), never
add, change or delete them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jetcareer.admin_lookups import SafeLookupsMixin

from .booths import BoothLead, BoothVisit


class ReadOnlyAdmin(SafeLookupsMixin, admin.ModelAdmin):
    """A list and a page to read: no add, change or delete, whatever the staff permissions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(BoothVisit)
class BoothVisitAdmin(ReadOnlyAdmin):
    list_display = ["exhibitor", "scanned_at"]
    list_filter = [("exhibitor__event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["exhibitor__employer__name_en", "exhibitor__employer__name_ja"]
    list_select_related = ["exhibitor__employer", "exhibitor__event"]
    date_hierarchy = "scanned_at"
    ordering = ["-scanned_at", "-pk"]
    # The visitor key names nobody and means nothing to a reader: not shown.
    fields = ["exhibitor", "scanned_at"]


@admin.register(BoothLead)
class BoothLeadAdmin(ReadOnlyAdmin):
    list_display = ["exhibitor", "visitor", "scanned_at", "scanned_by", "rating", "shares_now"]
    list_filter = ["rating", ("exhibitor__event", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "exhibitor__employer__name_en",
        "exhibitor__employer__name_ja",
        "registration__participant__full_name",
    ]
    list_select_related = [
        "exhibitor__employer",
        "exhibitor__event",
        "registration__participant",
        "scanned_by",
    ]
    date_hierarchy = "scanned_at"
    ordering = ["-scanned_at", "-pk"]
    fields = ["exhibitor", "registration", "scanned_at", "scanned_by", "rating", "note",
              "updated_at"]  # fmt: skip

    @admin.display(description=_("visitor"), ordering="registration__participant__full_name")
    def visitor(self, lead: BoothLead) -> str:
        return str(lead.registration.participant or gettext("Deleted account"))

    @admin.display(boolean=True, description=_("shares now"))
    def shares_now(self, lead: BoothLead) -> bool:
        """Whether the organisation sees the lead now (booth_selectors.leads_for's rule)."""
        return bool(lead.registration.shares_with_exhibitors and lead.registration.participant_id)
