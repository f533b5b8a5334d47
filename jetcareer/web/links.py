"""The address of one object's page, asked for once per row of a list (issue #14).

Django's `reverse` works the address out from the URL patterns on every call, about a tenth of
a millisecond here; a list of 50 events with their tickets, or an admin list of 50 rows, spends
a fifth of its time there. `object_url` reverses each view once per process with a stand-in
value and puts the object's own value in its place, which gives the same address because the
path converters this is used with (slug, uuid, int) write their value as it is, unquoted.
Anything else (a value a slug converter would refuse, several arguments) goes to `reverse`.
"""

from __future__ import annotations

import functools
import re
import uuid

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Stand-ins that each converter accepts and that no real address contains.
_STAND_INS: dict[type, object] = {
    int: 918273645546372819,
    uuid.UUID: uuid.UUID("9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"),
    str: "zq-object-url-stand-in-qz",
}
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # django.urls.converters.SlugConverter.regex


def object_url(viewname: str, *, current_app: str | None = None, **kwargs: object) -> str:
    """The path of `viewname` for one keyword argument (a slug, a UUID or a whole number), the
    same string as `reverse(viewname, kwargs=kwargs, current_app=current_app)`. Raises
    NoReverseMatch as `reverse` does."""
    if len(kwargs) == 1:
        ((name, value),) = kwargs.items()
        kind = _kind(value)
        if kind is not None:
            where = (get_script_prefix(), get_urlconf(), get_language())
            template = _template(viewname, name, kind, current_app, *where)
            return template.replace(str(_STAND_INS[kind]), str(value))
    return reverse(viewname, kwargs=kwargs, current_app=current_app)


def _kind(value: object) -> type | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int if value >= 0 else None
    if isinstance(value, uuid.UUID):
        return uuid.UUID
    if isinstance(value, str) and _SLUG.fullmatch(value):
        return str
    return None


@functools.lru_cache(maxsize=512)
def _template(
    viewname: str,
    name: str,
    kind: type,
    current_app: str | None,
    script_prefix: str,  # part of the key: reverse reads it
    urlconf: str | None,
    language: str | None,  # part of the key: a pattern may be translated
) -> str:
    return reverse(
        viewname, kwargs={name: _STAND_INS[kind]}, urlconf=urlconf, current_app=current_app
    )
