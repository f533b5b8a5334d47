"""URLs of exhibitors: booth applications and the résumé book (namespace: events)."""

from __future__ import annotations

from django.urls import path

from . import exhibitor_views

urlpatterns = [
    # Matched before the event pages (included first), like "mine/": no fair is slugged "exhibit".
    path("exhibit/", exhibitor_views.fairs, name="exhibitor_fairs"),
    path("<slug:slug>/exhibit/", exhibitor_views.exhibit, name="exhibit"),
    path("<slug:slug>/exhibit/withdraw/", exhibitor_views.withdraw, name="withdraw_exhibitor"),
    path("<slug:slug>/resume-book/", exhibitor_views.resume_book, name="resume_book"),
    path("<slug:slug>/resume-book.csv", exhibitor_views.resume_book_csv, name="resume_book_csv"),
]
