"""Template filters for dates, times and lists in the reader's language (jetcareer.web.dates):
`{{ event.starts_at|day }}`, `|when`, `|clock`, `{{ event.starts_at|span:event.ends_at }}`,
`{{ names|listing }}`. Load with `{% load dates %}`."""

from __future__ import annotations

from django import template

from jetcareer.web import dates

register = template.Library()

register.filter("day", dates.format_day)
register.filter("when", dates.format_when)
register.filter("clock", dates.format_time)
register.filter("span", dates.format_span)
register.filter("listing", dates.format_list)


@register.simple_tag
def join_list(*items: object) -> str:
    """`{% join_list event.venue event.get_prefecture_display %}`: the non-empty items as a
    list in the reader's language (「会場、大阪府」, "Venue, Osaka")."""
    return dates.format_list([str(item) for item in items if item])
