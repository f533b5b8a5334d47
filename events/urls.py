from django.urls import include, path
from django.views.decorators.cache import cache_control

from . import badge_views, calendar_views, consultation_views, scanner_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    # Booths, online presentations and the résumé book (events/exhibitor_urls.py).
    path("", include("events.exhibitor_urls")),
    # Fair day at the booths (#17): lead capture (booth_urls) and booth interviews.
    path("", include("events.booth_urls")),
    path("", include("events.interview_urls")),
    path("mine/", views.my_events, name="mine"),
    # Personal data behind a secret URL and no login: never kept by a cache (issue #13).
    path(
        "calendar/<uuid:token>.ics",
        cache_control(private=True, no_store=True)(views.calendar_feed),
        name="calendar_feed",
    ),
    path(
        "calendar/new-address/",
        calendar_views.rotate_calendar_feed,
        name="rotate_calendar_feed",
    ),
    path("ticket/<uuid:token>/", views.ticket, name="ticket"),
    path("ticket/<uuid:token>/event.ics", views.ticket_ics, name="ticket_ics"),
    path("ticket/<uuid:token>/cancel/", views.cancel, name="cancel"),
    path("ticket/<uuid:token>/attendance/", views.change_attendance, name="change_attendance"),
    path("checkin/<uuid:token>/", views.check_in, name="check_in"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/desk/", views.checkin_desk, name="checkin_desk"),
    path("<slug:slug>/badges.pdf", badge_views.badges_pdf, name="badges"),
    path("<slug:slug>/consultations/", consultation_views.consultations, name="consultations"),
    path(
        "<slug:slug>/consultations/offer/",
        consultation_views.offer,
        name="offer_consultations",
    ),
    path("consultations/<int:pk>/book/", consultation_views.book, name="book_consultation"),
    path(
        "consultations/<int:pk>/cancel/",
        consultation_views.cancel_booking,
        name="cancel_consultation",
    ),
    # The booking's calendar file: its two people only (issue #16).
    path(
        "consultations/<int:pk>/consultation.ics",
        consultation_views.booking_ics,
        name="consultation_ics",
    ),
    # The check-in scanner for staff phones (issue #17, events/scanner_views.py); its service
    # worker sits in the page's folder, so that its scope is the page.
    path("<slug:slug>/scanner/", scanner_views.scanner, name="scanner"),
    path("<slug:slug>/scanner/sw.js", scanner_views.service_worker, name="scanner_sw"),
    path("<slug:slug>/scanner/tickets.json", scanner_views.tickets, name="scanner_tickets"),
    path("<slug:slug>/scanner/state.json", scanner_views.state, name="scanner_state"),
    path("<slug:slug>/scanner/sync/", scanner_views.sync, name="scanner_sync"),
]
