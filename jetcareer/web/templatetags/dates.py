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
