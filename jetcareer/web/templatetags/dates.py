"""Template filters for dates, times and lists in the reader's language (jetcareer.web.dates):
`{{ event.starts_at|day }}`, `|when`, `|clock`, `{{ event.starts_at|span:event.ends_at }}`,
`{{ start|days:end }}`, `{{ names|listing }}`, `{{ start|span:end|japan_time }}`,
`{% labelled _("Received") value %}`, `{% aside name reading %}`,
`{{ sentence|single_full_stops }}`, `{% sentence_gap %}` between two translated sentences,
`{% place event.venue city=event.city prefecture=event.prefecture %}`.
Load with `{% load dates %}`."""

from __future__ import annotations

from django import template

from jetcareer import places
from jetcareer.web import dates

register = template.Library()

register.filter("day", dates.format_day)
register.filter("when", dates.format_when)
register.filter("clock", dates.format_time)
register.filter("span", dates.format_span)
register.filter("days", dates.format_days)
register.filter("listing", dates.format_list)
register.filter("japan_time", dates.in_japan_time)
register.filter("single_full_stops", dates.single_full_stops, is_safe=True)
register.filter("close_up_japanese", dates.close_up_japanese, is_safe=True)
register.filter("excerpt", dates.excerpt)


@register.simple_tag
def sentence_gap() -> str:
    """`{% translate "One." %}{% sentence_gap %}{% translate "Two." %}`: a space in English,
    nothing in Japanese (dates.sentence_gap)."""
    return dates.sentence_gap()


@register.simple_tag
def labelled(label: object, value: object) -> str:
    """`{% labelled _("Reference") inquiry.reference %}`: "Reference: R-1" in English,
    「お問い合わせ番号：R-1」 in Japanese (the colon follows the reader's language)."""
    return dates.format_label(label, value)


@register.simple_tag
def aside(main: object, remark: object) -> str:
    """`{% aside contact.phone contact.hours %}`: "03-… (weekdays …)" in English,
    「03-…（平日…）」 in Japanese (dates.format_aside); `main` alone without a remark."""
    return dates.format_aside(main, remark)


@register.simple_tag
def join_list(*items: object) -> str:
    """`{% join_list event.venue event.get_prefecture_display %}`: the non-empty items as a
    list in the reader's language (「会場、大阪府」, "Venue, Osaka")."""
    return dates.format_list([str(item) for item in items if item])


@register.simple_tag
def place(*parts: object, city: object = "", prefecture: str = "") -> str:
    """`{% place event.venue city=event.city prefecture=event.prefecture %}`: where an event
    or a meeting is, each name once, in the reader's language (jetcareer.places.format_venue:
    「東京会場、東京都」, never 「東京会場、東京都、東京都」)."""
    return places.format_venue(*parts, city=city, prefecture=prefecture)
