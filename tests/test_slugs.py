"""Unique slugs (jetcareer.slugs), shared by the employers' and the regional services."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from employers.models import Employer
from events.models import Event
from jetcareer import slugs
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_taken_slug_gets_the_next_free_suffix() -> None:
    EventFactory(slug="nagano-fair")
    EventFactory(slug="nagano-fair-2")

    assert slugs.unique_slug(Event.objects.all(), "Nagano Fair", fallback="fair") == "nagano-fair-3"


def test_a_reserved_word_is_never_a_slug() -> None:
    # "/employers/register/" is a page, so no employer may be called "register".
    slug = slugs.unique_slug(
        Employer.objects.all(), "Register", fallback="employer", reserved={"register"}
    )

    assert slug == "register-2"


def test_a_title_without_latin_letters_takes_the_fallback() -> None:
    EmployerFactory(slug="employer")

    slug = slugs.unique_slug(Employer.objects.all(), "長野県庁", fallback="employer")

    assert slug == "employer-2"


def test_creation_takes_the_next_suffix_when_another_took_the_slug_first(monkeypatch) -> None:
    # Another transaction commits "kiso-travel" between the look-up and the insert: the first
    # attempt is refused by the unique constraint, the second takes the next suffix.
    EmployerFactory(slug="kiso-travel")
    answers = iter(["kiso-travel", "kiso-travel-2"])
    monkeypatch.setattr(slugs, "unique_slug", lambda *args, **kwargs: next(answers))

    employer = slugs.create_with_slug(
        Employer,
        "Kiso Travel",
        fallback="employer",
        name_en="Kiso Travel",
        name_ja="木曽トラベル",
        industry="it",
        prefecture="20",
    )

    assert employer.slug == "kiso-travel-2"


def test_creation_gives_up_after_repeated_refusals(monkeypatch) -> None:
    EmployerFactory(slug="kiso-travel")
    monkeypatch.setattr(slugs, "unique_slug", lambda *args, **kwargs: "kiso-travel")

    with pytest.raises(IntegrityError):
        slugs.create_with_slug(
            Employer, "Kiso Travel", fallback="employer", name_en="K", name_ja="K", prefecture="20"
        )
