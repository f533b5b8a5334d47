"""Dates as people read them (jetcareer.web.dates, issue #16): Japanese style in Japanese,
unambiguous day-month names in English, Japan time, never ISO or 02/06."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import dateformat, timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from jetcareer.web.dates import (
    format_day,
    format_list,
    format_sentences,
    format_span,
    format_time,
    format_when,
)

# 2027-02-06 04:00 UTC is Saturday 13:00 in Japan.
START = datetime(2027, 2, 6, 4, 0, tzinfo=UTC)
END = datetime(2027, 2, 6, 8, 0, tzinfo=UTC)
NEXT_DAY = datetime(2027, 2, 7, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "day", "when", "span", "two_days"),
    [
        (
            "ja",
            "2027年2月6日（土）",
            "2027年2月6日（土）13:00",
            "2027年2月6日（土）13:00–17:00",
            "2027年2月6日（土）13:00 – 2027年2月7日（日）10:30",
        ),
        (
            "en",
            "Sat 6 February 2027",
            "Sat 6 February 2027, 13:00",
            "Sat 6 February 2027, 13:00–17:00",
            "Sat 6 February 2027, 13:00 – Sun 7 February 2027, 10:30",
        ),
    ],
)
def test_dates_read_naturally_in_each_language(language, day, when, span, two_days) -> None:
    with translation.override(language):
        assert format_day(START) == day
        assert format_day(date(2027, 2, 6)) == day
        assert format_when(START) == when
        assert format_span(START, END) == span
        assert format_span(START, NEXT_DAY) == two_days


def test_japan_time_decides_the_day() -> None:
    late = datetime(2027, 2, 5, 16, 0, tzinfo=UTC)  # already Saturday 01:00 in Japan
    with translation.override("ja"):
        assert format_when(late) == "2027年2月6日（土）01:00"


def test_lists_take_the_readers_separator_and_skip_empty_items() -> None:
    with translation.override("ja"):
        assert format_list(["東京", "", "大阪", "福岡"]) == "東京、大阪、福岡"
    with translation.override("en"):
        assert format_list(["Tokyo", "Osaka"]) == "Tokyo, Osaka"


def test_filters_in_templates_and_empty_values() -> None:
    template = Template("{% load dates %}{{ start|span:end }}|{{ none|when }}|{{ start|clock }}")
    with translation.override("ja"):
        assert template.render(Context({"start": START, "end": END, "none": None})) == (
            "2027年2月6日（土）13:00–17:00||13:00"
        )


def test_join_list_tag_skips_empty_items_in_each_language() -> None:
    template = Template("{% load dates %}{% join_list venue '' prefecture %}")
    with translation.override("ja"):
        assert template.render(Context({"venue": "ハービスHALL", "prefecture": "大阪府"})) == (
            "ハービスHALL、大阪府"
        )
    with translation.override("en"):
        assert template.render(Context({"venue": "Herbis Hall", "prefecture": "Osaka"})) == (
            "Herbis Hall, Osaka"
        )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "13:00–17:00 (Japan time)"),
        # No space before the full-width bracket: a gap, and a phone broke the line inside it.
        ("ja", "13:00–17:00（日本時間）"),
    ],
)
def test_japan_time_is_marked_as_the_reader_writes_it(language: str, expected: str) -> None:
    template = Template("{% load dates %}{{ value|japan_time }}")
    with translation.override(language):
        assert template.render(Context({"value": "13:00–17:00"})) == expected


def test_sentences_follow_each_other_as_the_language_writes_them() -> None:
    """A half-width space between two Japanese sentences reads as a typing slip (testers found
    it on the ticket, the résumé book and admin's confirmation pages)."""
    template = Template("{% load dates %}{{ a }}{% sentence_gap %}{{ b }}")
    with translation.override("ja"):
        assert (
            format_sentences("席が空きます。", "", "通知します。") == "席が空きます。通知します。"
        )
        assert template.render(Context({"a": "一。", "b": "二。"})) == "一。二。"
    with translation.override("en"):
        assert format_sentences("One seat is freed.", None, "They are told.") == (
            "One seat is freed. They are told."
        )
        assert template.render(Context({"a": "One.", "b": "Two."})) == "One. Two."


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(  # hypothesis takes naive bounds and adds the zone
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001
        max_value=datetime(2060, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    language=st.sampled_from(["en", "ja"]),
)
def test_the_written_out_english_names_and_times_are_django_s(moment, language) -> None:
    """format_day and format_time write the names and the clock themselves (issue #14: Django's
    dateformat under translation.override cost more than the rest); they must say what Django's
    "D j F Y" and "H:i" say, in Japan time, whatever language is active."""
    local = timezone.localtime(moment)
    with translation.override("en"):
        django_day = dateformat.format(local, "D j F Y")
    with translation.override(language):
        if language == "en":
            assert format_day(moment) == django_day
            assert format_when(moment) == f"{django_day}, {dateformat.time_format(local, 'H:i')}"
        assert format_time(moment) == dateformat.time_format(local, "H:i")


@pytest.mark.parametrize(
    ("typed", "length", "shown"),
    [
        ("イベントページから参加登録してください。\n\n（デモ用のお知らせです。）", 200,
         "イベントページから参加登録してください。（デモ用のお知らせです。）"),
        ("Register on the event page.\n\n(Demo announcement.)", 200,
         "Register on the event page. (Demo announcement.)"),
        ("長野県 外国人求職者向け\r\n説明会", 200, "長野県 外国人求職者向け説明会"),
        ("Tokyo\nオフィス", 200, "Tokyo オフィス"),
        ("一二三四五六七八九十", 5, "一二三四…"),
        (None, 10, ""),
    ],
)  # fmt: skip
def test_an_excerpt_runs_paragraphs_together_as_the_language_writes(typed, length, shown) -> None:
    """A preview of a typed text (announcements, biographies, descriptions): the demo's
    announcement read 「ください。 （デモ用…」 with a space no Japanese writer types."""
    from jetcareer.web.dates import excerpt

    assert excerpt(typed, length) == shown
