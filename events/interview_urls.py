"""URLs of booth interviews (issue #17, namespace: events): see events/interview_views.py.

Included before the event pages, like "mine/": no fair is slugged "interviews"."""

from __future__ import annotations

from django.urls import path

from . import interview_views

urlpatterns = [
    # The exhibiting organisation's members: their booth's times, bookings and invitations.
    path("<slug:slug>/interviews/manage/", interview_views.manage, name="manage_interviews"),
    path(
        "<slug:slug>/interviews/manage/slots/<int:pk>/remove/",
        interview_views.remove_slot,
        name="remove_interview_slot",
    ),
    # From the résumé book's card: pk is the participant's profile, as for the shortlist.
    path(
        "<slug:slug>/interviews/invite/<int:pk>/",
        interview_views.invite,
        name="invite_to_interview",
    ),
    # Staff: every booth's schedule, printable.
    path(
        "<slug:slug>/interviews/schedule/",
        interview_views.schedule,
        name="interview_schedule",
    ),
    # Participants book from the fair's page; either side cancels or downloads its file.
    path("interviews/slots/<int:pk>/book/", interview_views.book, name="book_interview"),
    path("interviews/<int:pk>/cancel/", interview_views.cancel, name="cancel_interview"),
    path("interviews/<int:pk>/interview.ics", interview_views.booking_ics, name="interview_ics"),
]
