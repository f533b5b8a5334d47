"""The loop every service-calling admin action shares (jetcareer.admin_actions.run_each): a
refusal is told and the others still run; staff learn how many went through."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.test import RequestFactory
from django.utils.translation import ngettext_lazy

from jetcareer.admin_actions import run_each

DONE = ngettext_lazy("%(count)d item updated.", "%(count)d items updated.", "count")


class Refused(Exception):
    pass


class FakeAdmin:
    def __init__(self) -> None:
        self.said: list[tuple[str, int]] = []

    def message_user(self, request, message, level) -> None:
        self.said.append((str(message), level))


def service(number: int) -> None:
    if number % 2:
        raise Refused(f"{number} is odd.")


def test_a_refusal_is_told_and_the_others_still_run() -> None:
    modeladmin = FakeAdmin()
    ran = []

    count = run_each(
        modeladmin,
        RequestFactory().post("/"),
        [1, 2, 3, 4],
        lambda n: (ran.append(n), service(n)),
        refused=Refused,
        done=DONE,
    )

    assert count == 2
    assert ran == [1, 2, 3, 4]
    assert modeladmin.said == [
        ("1 is odd.", messages.WARNING),
        ("3 is odd.", messages.WARNING),
        ("2 items updated.", messages.SUCCESS),
    ]


def test_nothing_done_says_no_success_and_the_level_is_the_callers() -> None:
    modeladmin = FakeAdmin()

    count = run_each(
        modeladmin,
        RequestFactory().post("/"),
        [1],
        service,
        refused=Refused,
        done=DONE,
        level=messages.ERROR,
    )

    assert count == 0
    assert modeladmin.said == [("1 is odd.", messages.ERROR)]


def test_an_unexpected_error_is_not_swallowed() -> None:
    def broken(_n: int) -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        run_each(FakeAdmin(), RequestFactory().post("/"), [1], broken, refused=Refused)
