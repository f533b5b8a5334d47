"""Template filters for dates, times and lists in the reader's language (jetcareer.web.dates):
`{{ event.starts_at|day }}`, `|when`, `|clock`, `{{ event.starts_at|span:event.ends_at }}`,
`{{ start|days:end }}`, `{{ names|listing }}`, `{% labelled _("Received") value %}`.
Load with `{% load dates %}`."""

from __future__ import annotations

from django import template

from jetcareer.web import dates

register = template.Library()

register.filter("day", dates.format_day)
register.filter("when", dates.format_when)
register.filter("clock", dates.format_time)
register.filter("span", dates.format_span)
register.filter("days", dates.format_days)
register.filter("listing", dates.format_list)


@register.simple_tag
def labelled(label: object, value: object) -> str:
    """`{% labelled _("Reference") inquiry.reference %}`: "Reference: R-1" in English,
    「お問い合わせ番号：R-1」 in Japanese (the colon follows the reader's language)."""
    return dates.format_label(label, value)


@register.simple_tag
def join_list(*items: object) -> str:
    """`{% join_list event.venue event.get_prefecture_display %}`: the non-empty items as a
    list in the reader's language (「会場、大阪府」, "Venue, Osaka")."""
    return dates.format_list([str(item) for item in items if item])
