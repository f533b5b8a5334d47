from django.contrib import admin

from .models import Event, EventSeries, HostOrganization


@admin.register(HostOrganization)
class HostOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ja", "kind", "prefecture"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_ja"]


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = ["title_en", "title_ja", "slug"]
    search_fields = ["title_en", "title_ja"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title_en",
        "kind",
        "format",
        "starts_at",
        "prefecture",
        "status",
        "is_published",
    ]
    list_filter = ["kind", "format", "status", "is_published", "organizer__kind", "prefecture"]
    search_fields = ["title_en", "title_ja", "venue_en", "venue_ja", "city"]
    date_hierarchy = "starts_at"
    list_select_related = ["organizer", "series"]
    autocomplete_fields = ["organizer", "series"]
