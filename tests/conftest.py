"""Shared fixtures: the named users of the house style and mail helpers."""

from __future__ import annotations

import importlib
import re

import pytest
from django.utils import translation
from post_office.models import Email

from jetcareer.accounts.models import User
from jetcareer.cache import content_changed, content_version
from tests.accounts.factories import EmployerUserFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def english() -> None:
    """Each test starts in English; a login in an earlier test may have switched language."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_cached_pages() -> None:
    """Each test starts with no cached page of an earlier one: the database is emptied between
    tests without saving anything, so the versions of the cached lists would not move."""
    for name in ("events", "announcements"):
        content_version(name)
        content_changed(name)


@pytest.fixture(autouse=True)
def outbox_backend(settings) -> None:
    """Mail takes the production door (the outbox), not the test runner's locmem backend;
    workers deliver to locmem (settings_test POST_OFFICE)."""
    settings.EMAIL_BACKEND = "jetcareer.outbox.backends.OutboxBackend"


@pytest.fixture
def alice(db: None) -> User:
    """A current JET participant."""
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob(db: None) -> User:
    """A second participant, to prove Alice cannot see Bob's data."""
    return UserFactory(email="bob@example.com")


@pytest.fixture
def erika(db: None) -> User:
    """A member of employer X."""
    return EmployerUserFactory(email="erika@employer-x.example", preferred_language="ja")


@pytest.fixture
def yuto(db: None) -> User:
    """A member of employer Y."""
    return EmployerUserFactory(email="yuto@employer-y.example", preferred_language="ja")


@pytest.fixture
def staff_groups(db: None) -> None:
    """The staff groups of the data migration, again: a transactional test (the browser
    journeys) empties every table after it, migration data included."""
    from django.apps import apps

    migration = importlib.import_module("jetcareer.accounts.migrations.0002_staff_groups")
    migration.create_groups(apps, None)


@pytest.fixture
def staff(db: None) -> User:
    return StaffFactory(email="staff@clair.example")


def outbox_for(address: str) -> list[Email]:
    """Messages stored in the outbox for one recipient, oldest first, once a worker has
    rendered the mail batches still pending (mail a seat decision queues is rendered after
    commit, which a test inside a transaction never reaches)."""
    from jetcareer.outbox.services import run_pending_batches

    run_pending_batches()
    return [m for m in Email.objects.order_by("id") if address in m.to]


def hidden_fields(html: str) -> dict[str, list[str]]:
    """The hidden inputs of a page, as its form posts them back (an admin action's page)."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        fields.setdefault(name, []).append(value)
    return fields
