"""URLs of exhibitors: booth applications, the résumé book with its shortlist and downloads
(namespace: events)."""

from __future__ import annotations

from django.urls import path, re_path

from . import exhibitor_views

urlpatterns = [
    # Matched before the event pages (included first), like "mine/": no fair is slugged "exhibit".
    path("exhibit/", exhibitor_views.fairs, name="exhibitor_fairs"),
    path("<slug:slug>/exhibit/", exhibitor_views.exhibit, name="exhibit"),
    path("<slug:slug>/exhibit/withdraw/", exhibitor_views.withdraw, name="withdraw_exhibitor"),
    path("<slug:slug>/resume-book/", exhibitor_views.resume_book, name="resume_book"),
    path("<slug:slug>/resume-book.csv", exhibitor_views.resume_book_csv, name="resume_book_csv"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/resume-book/export/(?P<fmt>csv|xlsx)/$",
        exhibitor_views.resume_book_export,
        name="resume_book_export",
    ),
    path(
        "<slug:slug>/resume-book/cvs.zip", exhibitor_views.resume_book_cvs, name="resume_book_cvs"
    ),
    path(
        "<slug:slug>/resume-book/shortlist/<int:pk>/",
        exhibitor_views.shortlist_save,
        name="shortlist_save",
    ),
    path(
        "<slug:slug>/resume-book/shortlist/<int:pk>/remove/",
        exhibitor_views.shortlist_remove,
        name="shortlist_remove",
    ),
]
