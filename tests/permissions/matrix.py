"""The permission matrix: every URL of the project, every role, the expected status.

Each app keeps its rows in `rows_<app>.py` (a list `ROWS` and optionally a `prepare(world)`
that adds the objects its URLs need). `test_matrix.py` walks them all, and fails when a URL
pattern of the project has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "alice", "bob", "erika", "yuto", "staff")
"""alice and bob: participants; erika: owner of employer X; yuto: owner of employer Y."""


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


def every(status: int, **overrides: int) -> dict[str, int]:
    """The same status for every role, except the ones named."""
    return {role: overrides.get(role, status) for role in ROLES}
