"""Field declarations that the apps' models share, written once: who did something, and a
page's title and description in English and Japanese.

Each returns a new field for one model attribute, built with exactly the arguments the
hand-written declarations had, so adopting one changes no column and needs no migration.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bilingual import BilingualField

TITLE_MAX_LENGTH = 200


def actor(verbose_name: Any) -> models.ForeignKey:
    """The account that did something (`submitted_by = actor(_("submitted by"))`): optional,
    emptied when the account is deleted (the record stays, the person goes: erasure), and no
    reverse accessor on the user (`related_name="+"`), as a user does not list what they did."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def bilingual_title(**options: Any) -> BilingualField:
    """`title_en` and `title_ja`, up to TITLE_MAX_LENGTH characters, and `title` in the
    reader's language. `options` go to BilingualField (`ja={"blank": True}`)."""
    return BilingualField(
        models.CharField,
        _("title (English)"),
        _("title (Japanese)"),
        **{"max_length": TITLE_MAX_LENGTH, **options},
    )


def bilingual_description(**options: Any) -> BilingualField:
    """`description_en` and `description_ja`, optional free text, and `description` in the
    reader's language. `options` go to BilingualField."""
    return BilingualField(
        models.TextField,
        _("description (English)"),
        _("description (Japanese)"),
        **{"blank": True, **options},
    )
