"""RSS feeds of published announcements: one for everyone and one per audience.

Feed readers cannot log in and rarely send a language cookie, so the feeds are public and
take the language from `?lang=` when given, else from the request (cookie or browser).
Links are absolute, built from the requested host.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Announcement, Audience

FEED_SIZE = 20


def feed_language(request: HttpRequest) -> str:
    requested = request.GET.get("lang", "")
    if requested in dict(settings.LANGUAGES):
        return requested
    return translation.get_language() or settings.LANGUAGE_CODE


class AnnouncementFeed(Feed):
    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = feed_language(request)
        # Titles, labels and the feed's <language> are rendered inside this override.
        with translation.override(language):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = language
        return response

    def get_object(self, request: HttpRequest, audience: str | None = None) -> Audience | None:
        if audience is None:
            return None
        if audience not in Audience.values:
            raise Http404("No such audience.")
        return Audience(audience)

    def title(self, audience: Audience | None) -> str:
        if audience is None:
            return _("JET Career Portal: announcements")
        return _("JET Career Portal: announcements for %(audience)s") % {"audience": audience.label}

    def description(self, audience: Audience | None) -> str:
        return _("News about career support for JET Programme participants and alumni from CLAIR.")

    def link(self, audience: Audience | None) -> str:
        url = reverse("portal:announcements")
        return f"{url}?{urlencode({'audience': audience.value})}" if audience else url

    def items(self, audience: Audience | None) -> list[Announcement]:
        return list(
            Announcement.objects.published().for_audience(audience).newest_first()[:FEED_SIZE]
        )

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        # The description is HTML in RSS: escape the staff's text and keep its paragraphs.
        return linebreaks(item.body, autoescape=True)

    def item_pubdate(self, item: Announcement) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Announcement) -> datetime:
        return item.updated_at

    def item_categories(self, item: Announcement) -> list[str]:
        return [str(audience.label) for audience in item.audiences]
