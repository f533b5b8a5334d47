"""object_url (jetcareer.web.links, issue #14): the same address as Django's reverse, for
every view it is used with, whatever the value, the language and the script prefix."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jetcareer.web.links import object_url

SLUG_VIEWS = [
    ("events:detail", "slug"),
    ("employers:public", "slug"),
    ("regional:furusato_propose", "slug"),
    ("internships:programme", "slug"),
    ("portal:announcement", "slug"),
]
PK_VIEWS = [("jobs:detail", "pk"), ("regional:application", "pk")]
TOKEN_VIEWS = [("events:ticket", "token")]

slugs = st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)


@pytest.fixture(autouse=True)
def _script_prefix_back():
    yield
    set_script_prefix("/")


@settings(max_examples=60, deadline=None)
@given(
    view=st.sampled_from(SLUG_VIEWS),
    value=slugs,
    language=st.sampled_from(["en", "ja"]),
    prefix=st.sampled_from(["/", "/portal/"]),
)
def test_a_slug_address_is_reverse_s(view, value, language, prefix) -> None:
    name, kwarg = view
    set_script_prefix(prefix)
    with translation.override(language):
        assert object_url(name, **{kwarg: value}) == reverse(name, kwargs={kwarg: value})


@settings(max_examples=60, deadline=None)
@given(view=st.sampled_from(PK_VIEWS), value=st.integers(min_value=0, max_value=2**63 - 1))
def test_a_whole_number_address_is_reverse_s(view, value) -> None:
    name, kwarg = view
    assert object_url(name, **{kwarg: value}) == reverse(name, kwargs={kwarg: value})


@settings(max_examples=30, deadline=None)
@given(value=st.uuids())
def test_a_ticket_address_is_reverse_s(value) -> None:
    assert object_url("events:ticket", token=value) == reverse(
        "events:ticket", kwargs={"token": value}
    )
    assert str(value) in object_url("events:ticket", token=value)


@pytest.mark.parametrize("pk", [7, "a/b c", "ÄÖ", "x_y"])
def test_an_admin_change_address_is_django_s(pk) -> None:
    """The admin's change links (GuardedChangeList.url_for_result), also for a primary key
    that admin's quote() rewrites and one that is no slug."""
    django_s = reverse("admin:events_event_change", args=(quote(pk),), current_app="admin")
    ours = object_url("admin:events_event_change", object_id=quote(pk), current_app="admin")
    assert ours == django_s


def test_a_value_the_pattern_refuses_is_refused_as_reverse_does() -> None:
    with pytest.raises(NoReverseMatch):
        object_url("events:detail", slug="no spaces")
    with pytest.raises(NoReverseMatch):
        object_url("events:ticket", token="not-a-uuid")
    with pytest.raises(NoReverseMatch):
        object_url("jobs:detail", pk=-1)


def test_the_stand_in_never_leaks_into_an_address() -> None:
    token = uuid.uuid4()
    for address in (
        object_url("events:detail", slug="career-fair-tokyo"),
        object_url("events:ticket", token=token),
        object_url("jobs:detail", pk=12),
    ):
        assert "stand-in" not in address
        assert "918273645546372819" not in address
        assert "9f8e7d6c" not in address
