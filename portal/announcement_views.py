"""Announcement pages: the list filterable by audience, and one announcement."""

from __future__ import annotations

import rules
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from .filters import AnnouncementFilter
from .models import Announcement, Audience

PAGE_SIZE = 10


def announcement_list(request: HttpRequest) -> HttpResponse:
    """Published announcements, newest first, for one audience (`?audience=`) or all."""
    audience_filter = AnnouncementFilter(
        request.GET or None, queryset=Announcement.objects.published().newest_first()
    )
    announcements = audience_filter.qs
    audience = audience_filter.chosen()
    page = Paginator(announcements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/announcement_list.html",
        {
            "page": page,
            "audience": audience,
            "audiences": Audience.choices,
            # The pages keep the filter; the feed link follows it.
            "page_query": urlencode({"audience": audience}) + "&" if audience else "",
        },
    )


def announcement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published announcement; staff may also preview one not (yet) published."""
    announcements = Announcement.objects.all()
    if not rules.has_perm("portal.preview_announcement", request.user):
        announcements = announcements.published()
    announcement = get_object_or_404(announcements, slug=slug)
    return render(request, "portal/announcement_detail.html", {"announcement": announcement})
