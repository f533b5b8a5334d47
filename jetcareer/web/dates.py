"""Dates and times as people read them, one helper for pages and e-mails (issue #16).

Japanese readers get 2027年2月6日（土）13:00; English readers get Sat 6 February 2027, 13:00,
which readers from the UK, Australia, New Zealand and the US all read the same way (never
02/06 nor an ISO date). Times are in Japan time (settings.TIME_ZONE), where every event of the
programme happens. The language is the active one: the page's, or the recipient's stored
language while an e-mail is rendered.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext

WEEKDAYS_JA = "月火水木金土日"  # Monday first, as date.weekday()


def _japanese() -> bool:
    return (translation.get_language() or "en").startswith("ja")


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_day(value: date | datetime | None) -> str:
    """The day of `value` with its weekday: 「2027年2月6日（土）」 or "Sat 6 February 2027".
    Takes a date or a datetime (shown in Japan time); returns "" for None."""
    if value is None:
        return ""
    value = _local(value)
    if _japanese():
        return f"{value.year}年{value.month}月{value.day}日（{WEEKDAYS_JA[value.weekday()]}）"
    with translation.override("en"):  # English month and weekday names whatever the locale
        return dateformat.format(value, "D j F Y")


def format_time(value: datetime | None) -> str:
    """The time of day in Japan time, 24-hour: "13:00". Returns "" for None."""
    if value is None:
        return ""
    return dateformat.time_format(_local(value), "H:i")


def format_when(value: datetime | None) -> str:
    """Day and time: 「2027年2月6日（土）13:00」 or "Sat 6 February 2027, 13:00"."""
    if value is None:
        return ""
    separator = "" if _japanese() else ", "
    return f"{format_day(value)}{separator}{format_time(value)}"


def format_span(start: datetime | None, end: datetime | None) -> str:
    """From `start` to `end`: the end's time only when both are on the same day in Japan
    (「2027年2月6日（土）13:00–17:00」), else both in full. Returns "" without a start."""
    if start is None:
        return ""
    if end is None:
        return format_when(start)
    if _local(start).date() == _local(end).date():
        return f"{format_when(start)}–{format_time(end)}"
    return f"{format_when(start)} – {format_when(end)}"


def format_days(start: date | datetime | None, end: date | datetime | None) -> str:
    """From day `start` to day `end`: 「2027年2月6日（土） – 2027年2月8日（月）」, one day when
    both are the same day. Returns "" without a start."""
    if start is None:
        return ""
    first, last = format_day(start), format_day(end)
    return f"{first} – {last}" if last and last != first else first


def format_label(label: object, value: object) -> str:
    """A label and its value as the reader writes them: "Received: …" or 「受付日時：…」."""
    return gettext("%(label)s: %(value)s") % {"label": label, "value": value}


def format_list(items: list[str]) -> str:
    """Items joined as the reader writes a list: 「A、B、C」 in Japanese, "A, B, C" in English."""
    return ("、" if _japanese() else ", ").join(str(item) for item in items if item)
