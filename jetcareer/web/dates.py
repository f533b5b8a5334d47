"""Dates and times as people read them, one helper for pages and e-mails (issue #16).

Japanese readers get 2027年2月6日（土）13:00; English readers get Sat 6 February 2027, 13:00,
which readers from the UK, Australia, New Zealand and the US all read the same way (never
02/06 nor an ISO date). Times are in Japan time (settings.TIME_ZONE), where every event of the
programme happens. The language is the active one: the page's, or the recipient's stored
language while an e-mail is rendered. The same goes for the other small pieces of text
written around values: labels, lists, places (「長野県松本市」) and sentences that end with a
typed name.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

WEEKDAYS_JA = "月火水木金土日"  # Monday first, as date.weekday()
# English names, written out here rather than through Django's dateformat under
# translation.override("en"): that switch costs more than the rest of the formatting, and these
# pages show dozens of dates (issue #14). The same words as Django's "D j F Y".
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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
    # English month and weekday names whatever the locale.
    return f"{WEEKDAYS_EN[value.weekday()]} {value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def format_time(value: datetime | None) -> str:
    """The time of day in Japan time, 24-hour: "13:00". Returns "" for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def format_when(value: datetime | None) -> str:
    """Day and time: 「2027年2月6日（土）13:00」 or "Sat 6 February 2027, 13:00"."""
    if value is None:
        return ""
    value = _local(value)
    separator = "" if _japanese() else ", "
    return f"{format_day(value)}{separator}{format_time(value)}"


def format_span(start: datetime | None, end: datetime | None) -> str:
    """From `start` to `end`: the end's time only when both are on the same day in Japan
    (「2027年2月6日（土）13:00–17:00」), else both in full. Returns "" without a start."""
    if start is None:
        return ""
    if end is None:
        return format_when(start)
    start, end = _local(start), _local(end)
    if start.date() == end.date():
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


def format_aside(main: object, aside: object) -> str:
    """A text with a remark in brackets, as the reader writes it: "Emily Carter (エミリー・
    カーター)" or 「Emily Carter（エミリー・カーター）」 (full-width brackets, no space); `main`
    alone when the remark is empty."""
    if not str(aside or "").strip():
        return str(main)
    return gettext("%(main)s (%(aside)s)") % {"main": main, "aside": aside}


def format_list(items: list[str]) -> str:
    """Items joined as the reader writes a list: 「A、B、C」 in Japanese, "A, B, C" in English."""
    return ("、" if _japanese() else ", ").join(str(item) for item in items if item)


def sentence_gap() -> str:
    """What stands between two sentences in the reader's language: nothing in Japanese
    (「…ます。次の…」; a half-width space there reads as a typing slip), a space in English."""
    return "" if _japanese() else " "


def format_sentences(*sentences: object) -> str:
    """Sentences written one after the other as the reader's language does (`sentence_gap`);
    empty ones are left out."""
    return sentence_gap().join(str(sentence) for sentence in sentences if sentence)


def format_place(city: object, prefecture: object) -> str:
    """A city and its prefecture as the reader writes an address: 「長野県松本市」 in Japanese
    (largest first, no separator), "Matsumoto, Nagano" in English. A city typed with its
    prefecture (「長野県松本市」) is not given it twice, nor a city that is the prefecture's
    name ("Tokyo" in Tokyo); either may be empty."""
    city, prefecture = str(city or "").strip(), str(prefecture or "").strip()
    if city.casefold() == prefecture.casefold():
        city = ""
    if not _japanese():
        return format_list([city, prefecture])
    if prefecture and city.startswith(prefecture):
        return city
    return f"{prefecture}{city}"


# A value that ends with a full stop ("Shinshu Precision Co., Ltd.") followed by the stop of
# the sentence it ends; never an ellipsis ("..."), which has a third.
_DOUBLED_STOP = re.compile(r"(?<=[^\s.]\.)\.(?!\.)")


def single_full_stops(text: str) -> str:
    """`text` with one full stop where a value placed at the end of a sentence brought its own:
    "…sent to Shinshu Precision Co., Ltd.. A confirmation…" reads "…Co., Ltd. A
    confirmation…". For sentences that end with a name or a title typed by someone; an
    ellipsis and Japanese 「。」 are left as they are. Keeps a safe (escaped) string safe."""
    fixed = _DOUBLED_STOP.sub("", str(text))
    return mark_safe(fixed) if isinstance(text, SafeData) else fixed  # noqa: S308


def in_japan_time(value: object) -> str:
    """A time already formatted, marked as Japan time as the reader writes it: "13:00 (Japan
    time)" in English, 「13:00（日本時間）」 in Japanese, where a space before the full-width
    bracket reads as a gap and a narrow phone broke the line inside it."""
    return gettext("%(when)s (Japan time)") % {"when": value}


# Japanese text (kana, kanji, full-width punctuation and forms) beside a tag, with white space
# between them: a line break in a template, or a space a translator put around a placeholder.
_JAPANESE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_BESIDE_JAPANESE = re.compile(rf"(?<=[{_JAPANESE}])\s+(?=<)|(?<=>)\s+(?=[{_JAPANESE}])")


def close_up_japanese(html: str) -> str:
    """`html` without the white space between Japanese text and a tag: a browser shows it as a
    space, which Japanese does not write (「お持ちでない方は、 <a>新規登録</a> してください」
    reads as a typing slip). For sentences whose link comes from a template of a library
    (allauth's); English text is left as it is. Keeps a safe string safe."""
    closed = _SPACE_BESIDE_JAPANESE.sub("", str(html))
    return mark_safe(closed) if isinstance(html, SafeData) else closed  # noqa: S308


# A line break between two Japanese characters, with the spaces around it.
_BREAK_IN_JAPANESE = re.compile(rf"(?<=[{_JAPANESE}])[ \t\r\u3000]*\n\s*(?=[{_JAPANESE}])")


def excerpt(text: object, length: int) -> str:
    """The start of a text someone typed, as one paragraph of at most `length` characters
    (cut with an ellipsis, as Django's truncatechars): a line break between Japanese
    sentences vanishes (「…ください。（デモ用…」, not 「ください。 （デモ用…」), any other run of
    white space becomes one space. For previews of announcements, biographies, descriptions."""
    flowing = " ".join(_BREAK_IN_JAPANESE.sub("", str(text or "")).split())
    return Truncator(flowing).chars(length)
