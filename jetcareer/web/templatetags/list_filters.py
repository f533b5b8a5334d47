"""`{% filter_toggle filter "event-filters" %}`: the button that opens a list's filters on a
phone, saying how many are in use ("Filters (2)", 「絞り込み（2）」), and a link that clears
them (issue #16: after filtering, the button gave no sign that anything was filtered). The
one mechanism of every list whose filters wait behind a button: events, jobs, employers.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django_filters import FilterSet

register = template.Library()

# The keyword has its own box above the results, on every screen: it is no hidden filter.
KEYWORD = "q"


def active_filters(filterset: FilterSet) -> int:
    """How many of `filterset`'s filters (the keyword aside) hold a value other than their
    default: an empty choice, an unticked box and the value a list uses when it is not asked
    (the filter set's optional `defaults`, {name: value}) do not count. Read from the bound
    data, so a value the form refuses counts too: it is in the address, and clearing the
    filters removes it. Returns an int."""
    form = filterset.form
    if not form.is_bound:
        return 0
    defaults = getattr(filterset, "defaults", {})
    count = 0
    for name in form.fields:
        if name == KEYWORD:
            continue
        value = form[name].data
        if value in (None, False) or value == [] or value == "":
            value = ""
        if str(value) != str(defaults.get(name, "")):
            count += 1
    return count


def clear_url(path: str, filterset: FilterSet) -> str:
    """The list at `path` with its filters cleared and the keyword kept (it stays in its box
    and is cleared there)."""
    keyword = filterset.form[KEYWORD].data if KEYWORD in filterset.form.fields else ""
    if not keyword:
        return path
    query = QueryDict(mutable=True)
    query[KEYWORD] = keyword
    return f"{path}?{query.urlencode()}"


@register.inclusion_tag("includes/filter_toggle.html", takes_context=True)
def filter_toggle(context: template.Context, filterset: FilterSet, target: str) -> dict[str, Any]:
    """Renders the button that opens the filters panel `target` (the id of its offcanvas),
    with the number of filters in use, and beside it "Clear filters" when there are any."""
    count = active_filters(filterset)
    request = context.get("request")
    path = request.path if request is not None else ""
    return {
        "count": count,
        "target": target,
        "clear_url": clear_url(path, filterset) if count else "",
    }
