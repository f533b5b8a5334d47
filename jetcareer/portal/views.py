"""Home page and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from events.models import Event


def home(request: HttpRequest) -> HttpResponse:
    upcoming = Event.objects.published().filter(ends_at__gte=timezone.now()).order_by("starts_at")
    past = Event.objects.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at")
    return render(
        request,
        "portal/home.html",
        {"upcoming_events": upcoming.select_related("series")[:6], "past_events": past[:6]},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembering the choice on the account for e-mails too."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    supported = dict(settings.LANGUAGES)
    if user.is_authenticated and language in supported and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
