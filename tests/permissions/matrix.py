"""The permission matrix: every URL of the project, every role, the expected status.

Each app keeps its rows in `rows_<app>.py` (a list `ROWS` and optionally a `prepare(world)`
that adds the objects its URLs need). `test_matrix.py` walks them all, and fails when a URL
pattern of the project has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

STAFF_ROLES = (
    "staff_none",
    "desk",
    "screening",
    "verification",
    "reporting",
    "administration",
    "staff",
)
ROLES = ("anonymous", "alice", "bob", "erika", "yuto", *STAFF_ROLES)
"""alice and bob: participants; erika: owner of employer X; yuto: owner of employer Y.
Staff, all with an authenticator app: staff_none is in no group; desk, screening, verification,
reporting and administration are each in one of the staff groups (jetcareer.permissions);
staff is a superuser."""


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Row:
    name: str
    expect: dict[str, int]
    kwargs: Callable[[World], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expected status for {sorted(missing)}")


CV_READERS = {"screening": 200, "administration": 200, "staff": 200}
"""Staff whose duties include reading CVs and résumé books."""


def every(status: int, any_staff: int | None = None, **overrides: int) -> dict[str, int]:
    """The same status for every role, except the ones named; `any_staff` for every staff
    role not named itself (being signed in as staff, whatever the duties)."""
    if any_staff is not None:
        overrides = dict.fromkeys(STAFF_ROLES, any_staff) | overrides
    return {role: overrides.get(role, status) for role in ROLES}
