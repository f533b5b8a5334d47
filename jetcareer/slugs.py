"""Unique slugs for rows created by services: from a title, with a numeric suffix when taken."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

M = TypeVar("M", bound=models.Model)

# Leaves room for a "-123" suffix within the slug fields' 80 characters.
SLUG_MAX_LENGTH = 70
# Two creations racing for one slug: each retry takes the next free suffix.
CREATE_ATTEMPTS = 5


def unique_slug(
    queryset: models.QuerySet, text: str, *, fallback: str, reserved: Collection[str] = ()
) -> str:
    """A slug from `text` (or `fallback` when `text` has no letters a slug keeps), made unique
    among the slugs of `queryset` and the `reserved` words (path segments the slug must not
    shadow) with a numeric suffix: "nagano-fair", then "nagano-fair-2"."""
    base = slugify(text)[:SLUG_MAX_LENGTH].strip("-") or fallback
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(reserved)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_with_slug(
    model: type[M], text: str, *, fallback: str, reserved: Collection[str] = (), **fields: Any
) -> M:
    """Create a `model` row with `fields` and a unique slug from `text` (see `unique_slug`).

    Runs in a savepoint per attempt, so call it inside the caller's transaction: when another
    transaction takes the same slug first, the unique constraint refuses this one and the next
    attempt takes the next suffix. Raises IntegrityError after CREATE_ATTEMPTS refusals."""
    for attempt in range(CREATE_ATTEMPTS):
        try:
            with transaction.atomic():
                slug = unique_slug(model.objects.all(), text, fallback=fallback, reserved=reserved)
                return model.objects.create(slug=slug, **fields)
        except IntegrityError:
            if attempt == CREATE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
