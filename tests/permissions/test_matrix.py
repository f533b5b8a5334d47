"""Walk every URL with every role; fail when a URL has no row in the matrix."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jetcareer.permissions import StaffGroup
from tests import permissions
from tests.accounts.factories import StaffFactory
from tests.permissions.matrix import ROLES, Row, World

# Third-party URL sets with their own, tested permission logic. Their entry points used by the
# portal have rows in rows_portal.py; the rest is allauth's account management and Django admin.
DELEGATED_PREFIXES = ("admin:", "account_", "socialaccount_", "mfa_", "usersessions_")


def row_modules():
    for info in pkgutil.iter_modules(permissions.__path__):
        if info.name.startswith("rows_"):
            yield importlib.import_module(f"tests.permissions.{info.name}")


ALL_ROWS: list[Row] = [row for module in row_modules() for row in module.ROWS]


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name or f'<unnamed {pattern.pattern}>'}")
    return names


def test_every_url_has_a_row() -> None:
    ours = {n for n in url_names() if not n.startswith(DELEGATED_PREFIXES)}
    covered = {row.name for row in ALL_ROWS}
    assert sorted(ours - covered) == [], "add these URLs to tests/permissions/rows_*.py"


STAFF_GROUP_OF_ROLE = {
    "desk": StaffGroup.EVENT_DESK,
    "screening": StaffGroup.INTERNSHIP_SCREENING,
    "verification": StaffGroup.EMPLOYER_VERIFICATION,
    "reporting": StaffGroup.REPORTS,
    "administration": StaffGroup.PROGRAMME_ADMINISTRATION,
}


@pytest.fixture
def world(db: None, alice, bob, erika, yuto, staff) -> World:
    world = World(users={"alice": alice, "bob": bob, "erika": erika, "yuto": yuto, "staff": staff})
    world.users["staff_none"] = StaffFactory(email="no-duties@clair.example", is_superuser=False)
    for role, group in STAFF_GROUP_OF_ROLE.items():
        world.users[role] = StaffFactory(
            email=f"{role}@clair.example",
            is_superuser=False,
            groups=[Group.objects.get(name=group)],
        )
    # A module may set PRIORITY (default 1) when its prepare() needs another's objects.
    for module in sorted(row_modules(), key=lambda m: getattr(m, "PRIORITY", 1)):
        prepare = getattr(module, "prepare", None)
        if prepare:
            prepare(world)
    return world


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: f"{r.method}:{r.name}")
def test_permission_matrix(row: Row, world: World) -> None:
    url = reverse(row.name, kwargs=row.kwargs(world) if row.kwargs else None)
    actual = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = getattr(client, row.method)(url, row.data or {})
        actual[role] = response.status_code
    assert actual == row.expect, f"{row.method.upper()} {url}"
