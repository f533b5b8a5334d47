"""URLs of fair day at the booths (namespace: events): see events/booth_views.py."""

from __future__ import annotations

from django.urls import path, re_path

from . import booth_views

urlpatterns = [
    # The participant's switch on their ticket page.
    path("ticket/<uuid:token>/booth-sharing/", booth_views.sharing, name="booth_sharing"),
    # The booth scanner, its scans, and the booth's scanned visitors (exhibitor members).
    path("<slug:slug>/booth/scanner/", booth_views.scanner, name="booth_scanner"),
    path("<slug:slug>/booth/scan/", booth_views.scan, name="booth_scan"),
    path("<slug:slug>/booth/leads/", booth_views.leads, name="booth_leads"),
    path("<slug:slug>/booth/leads/<int:pk>/", booth_views.lead_update, name="booth_lead_update"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/booth/leads/export/(?P<fmt>csv|xlsx)/$",
        booth_views.leads_export,
        name="booth_leads_export",
    ),
]
