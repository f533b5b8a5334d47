"""Content typed by staff or employers in English and Japanese, shown in the visitor's language."""

from __future__ import annotations

from django.utils import translation


def pick(english: str, japanese: str) -> str:
    """The Japanese text for a Japanese visitor and the English text otherwise, falling back to
    whichever is filled in."""
    if (translation.get_language() or "en").startswith("ja"):
        return japanese or english
    return english or japanese


class BilingualMixin:
    """Adds `localized("title")`, reading `title_en` / `title_ja`."""

    def localized(self, field: str) -> str:
        return pick(getattr(self, f"{field}_en", ""), getattr(self, f"{field}_ja", ""))
