"""The filter button of the lists whose filters wait behind it on a phone says how many are in
use and offers to clear them (jetcareer/web/templatetags/list_filters.py, issue #16): the event
list, the job list and the employer directory."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def button(html: str) -> tuple[str, str]:
    """The filter button's label and its count of filters in use."""
    found = re.search(r'data-active-filters="(\d+)">([^<]*)</button>', html)
    assert found, "no filter button"
    return found.group(2), found.group(1)


def clear_link(html: str) -> str | None:
    found = re.search(r'<a [^>]*href="([^"]*)" data-clear-filters>', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.parametrize("path", ["/events/", "/jobs/", "/employers/"])
def test_no_count_and_nothing_to_clear_before_filtering(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    assert button(html) == ("Filters", "0")
    assert clear_link(html) is None


@pytest.mark.parametrize(
    ("path", "query", "count"),
    [
        # A submitted form sends every field, the empty ones too; the keyword is no filter.
        ("/events/", "q=Sendai&kind=webinar&format=&prefecture=04&audience=&month=&when=upcoming",
         "2"),
        # "Upcoming" is what the list shows when not asked; "upcoming and past" is a choice.
        ("/events/", "kind=&when=upcoming", "0"),
        ("/events/", "kind=&when=", "1"),
        ("/events/", "open_only=on", "1"),
        ("/jobs/", "q=Sendai&industry=it&remote=on&visa=&jlpt=", "2"),
        ("/jobs/", "jlpt=9", "1"),  # refused by the form, but in the address all the same
        ("/employers/", "q=Nagano&industry=it&prefecture=13", "2"),
    ],
)  # fmt: skip
def test_the_button_counts_the_filters_in_use_and_clearing_keeps_the_keyword(
    client: Client, path: str, query: str, count: str
) -> None:
    html = client.get(f"{path}?{query}").content.decode()
    label, shown = button(html)
    assert shown == count
    if count == "0":
        assert label == "Filters"
        assert clear_link(html) is None
        return
    assert label == f"Filters ({count})"
    keyword = parse_qs(query).get("q")
    assert clear_link(html) == (f"{path}?q={keyword[0]}" if keyword else path)
    cleared = client.get(clear_link(html)).content.decode()
    assert button(cleared)[1] == "0"


def test_the_count_reads_japanese_brackets(client: Client) -> None:
    # 「絞り込み（2）」: the full-width brackets come with the translation.
    html = client.get("/employers/?industry=it&prefecture=13", HTTP_ACCEPT_LANGUAGE="ja")
    label, count = button(html.content.decode())
    assert count == "2"
    assert "2" in label
