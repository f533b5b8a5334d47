"""Portal URLs: home, announcements (pages and feeds), the contact form and the staff start
page."""

from __future__ import annotations

from django.urls import path

from . import announcement_views, contact_views, staff_views, views
from .feeds import AnnouncementFeed

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("announcements/", announcement_views.announcement_list, name="announcements"),
    # The feeds come before the detail page; "feed" is a reserved slug (models.RESERVED_SLUGS).
    path("announcements/feed/", AnnouncementFeed(), name="announcement_feed"),
    path(
        "announcements/feed/<slug:audience>/",
        AnnouncementFeed(),
        name="announcement_audience_feed",
    ),
    path(
        "announcements/<slug:slug>/",
        announcement_views.announcement_detail,
        name="announcement",
    ),
    path("contact/", contact_views.contact, name="contact"),
    path("contact/sent/", contact_views.contact_sent, name="contact_sent"),
    path("staff/", staff_views.staff_start, name="staff_start"),
]
