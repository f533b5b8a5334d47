"""Participant pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jetcareer.permissions import participant_required


@login_required
@participant_required
def profile(request: HttpRequest) -> HttpResponse:
    """Where a new participant lands after sign-up. The profile form comes with issue #3."""
    return render(request, "participants/profile_coming.html")
