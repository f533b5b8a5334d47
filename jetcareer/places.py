"""Where something is, as people read it: a room, a venue, a city and a prefecture, each named
once (issue #16: 「東京会場（オンライン同時配信）、東京都、東京都」)."""

from __future__ import annotations

from functools import cache

from django.utils import translation

from jetcareer.choices import Prefecture
from jetcareer.web.dates import format_list, format_place


@cache  # the labels are fixed for the life of the process; switching language twice is not free
def prefecture_names(code: str) -> frozenset[str]:
    """The names of the prefecture `code` (jetcareer.choices.Prefecture) in English and in
    Japanese, case-folded: {"tokyo", "東京都"}. Empty for no code or an unknown one."""
    if code not in Prefecture.values:
        return frozenset()
    names = set()
    for language in ("en", "ja"):
        with translation.override(language):
            names.add(str(Prefecture(code).label).casefold())
    return frozenset(names)


def place_parts(*parts: object, city: object = "", prefecture: str = "") -> list[str]:
    """The parts of a place in reading order: the non-empty `parts` (smallest first: a room,
    the venue), then the address, the city and the prefecture (a Prefecture code, or "") as
    the reader writes them (jetcareer.web.dates.format_place: 「大阪府大阪市」, "Osaka").

    A city that is the prefecture's own name in either language (the city "Tokyo" or
    「東京都」 of an event in Tokyo, as the demo's fairs have) is left out, and so is a part
    that repeats an earlier one: the place reads 「東京会場、東京都」, never
    「東京会場、東京都、東京都」. Returns a list of strings."""
    city_text = str(city or "").strip()
    if city_text.casefold() in prefecture_names(prefecture):
        city_text = ""
    name = str(Prefecture(prefecture).label) if prefecture in Prefecture.values else ""
    kept: list[str] = []
    for part in [*parts, format_place(city_text, name)]:
        text = str(part or "").strip()
        if text and text.casefold() not in {k.casefold() for k in kept}:
            kept.append(text)
    return kept


def format_venue(*parts: object, city: object = "", prefecture: str = "") -> str:
    """`place_parts` as one line in the reader's language (「東京会場、東京都」,
    "Pacifico Yokohama, Yokohama, Kanagawa"): the one helper of the pages, mails and calendar
    entries that say where an event or a meeting is. Returns "" when nothing is known."""
    return format_list(place_parts(*parts, city=city, prefecture=prefecture))
