"""Employer pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jetcareer.permissions import employer_required


@login_required
@employer_required
def register(request: HttpRequest) -> HttpResponse:
    """Where a new employer lands after sign-up. Organisation registration comes with #3."""
    return render(request, "employers/register_coming.html")
