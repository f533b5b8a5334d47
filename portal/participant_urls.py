"""The participants' URLs (/participants/, namespace `participants`) with my page, which
lists every domain app's rows for the person and so is a presentation view
(portal/my_page_views.py). The root URLconf includes this module instead of participants.urls:
the path and the name of my page stay /participants/me/ and `participants:my_page`, and the
participants app imports nothing above it (tests/test_layers.py)."""

from __future__ import annotations

from django.urls import path

from participants import urls as participant_urls

from . import my_page_views

app_name = participant_urls.app_name
urlpatterns = [
    path("me/", my_page_views.my_page, name="my_page"),
    *participant_urls.urlpatterns,
]
