"""Hostile input for the fuzz walk: value strategies, the forms of a page, and the GET
parameters a view reads."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django import forms
from django.urls import resolve
from django_filters import FilterSet
from hypothesis import strategies as st

NUL = "\x00"


def email_of_length(total: int, local: int = 64) -> str:
    """An address of exactly `total` characters whose local part has `local` characters.
    RFC 5321 allows 64 and 254 at most; 320 is the folklore limit (64 + "@" + 255)."""
    labels: list[str] = []
    remaining = total - local - 1 - len(".jp") + 1  # each label brings its dot
    while remaining > 0:
        size = min(63, remaining - 1)
        if remaining - (size + 1) == 1:  # a label of one dot and no letter cannot follow
            size -= 1
        labels.append("d" * size)
        remaining -= size + 1
    address = f"{'l' * local}@{'.'.join([*labels, 'jp'])}"
    assert len(address) == total, (total, local, len(address))
    return address


EMAILS = [
    email_of_length(254),
    email_of_length(255),
    email_of_length(320),
    email_of_length(80, local=65),
    f"a{NUL}b@example.com",
    "not-an-address",
    "@",
    "ｆｕｌｌ＠ｗｉｄｔｈ．ｊｐ",
]
DATES = [
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    "10000-01-01",
    "2026-02-30",
    "-0001-01-01",
    "9999-12-31 23:59:59",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "1970-01-01",
]
# Hypothesis starts from the first value of each list (its simplest example): the first
# ones are those most likely to break something.
INTS = [
    "9223372036854775808",
    "0",
    "-1",
    "2147483648",
    "-2147483649",
    "-9223372036854775809",
    "9" * 40,
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "１２",  # full-width digits: int() accepts them
]
YEARS = ["0", "0000", "1", "9999", "10000", "99999", "9" * 20]
TEXTS = [
    "\ud7ff\ue000\U0010ffff",
    NUL,
    f"a{NUL}b",
    "x" * 10_000,
    "日本語" * 2_000,
    "\u202eevil",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    " ",
    "abc",
]


def _with_nul(text: str) -> str:
    return f"{text}{NUL}"


generated_text = st.text(max_size=40)
HOSTILE = {
    "email": st.one_of(st.sampled_from(EMAILS), generated_text.map(_with_nul)),
    "date": st.one_of(
        st.sampled_from(DATES),
        st.dates().map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"),
    ),
    "number": st.one_of(st.sampled_from(INTS), st.integers().map(str)),
    "datetime": st.one_of(
        st.sampled_from([f"{d}T23:59" for d in DATES[:6]]),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M").zfill(16)),
    ),
    "text": st.one_of(
        st.sampled_from(TEXTS + INTS + DATES + EMAILS),
        generated_text.map(_with_nul),
        generated_text,
    ),
}
"""Random hostile values by the kind of field they go into."""

EXPLICIT = {
    "email": EMAILS[:4],
    "date": ["9999-12-31", "0001-01-01"],
    "datetime": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "number": ["9223372036854775808", "-1"],
    "text": ["x" * 1_000],
}
"""Values every form field of a kind gets once, the other fields left as the page has them:
the limits a random draw would rarely hit in a form that must otherwise be valid."""

LOOKUPS = ["abc", "9" * 20]
"""What a lookup parameter (an id, a filter, a page) gets once: no number; no int64 either
when the parameter takes a number (is_numeric)."""


def is_numeric(name: str) -> bool:
    """Whether a lookup parameter takes a number: an id, a page, a part of a date."""
    return bool(re.search(r"(^|_)(id|pk|page|p|year|month|day)($|__)", name))


# Parameters of no view in particular that crawlers and curious people send.
GENERIC_GET_PARAMS = ("page", "q", "next", "lang", "format", "o", "id", "year", "month", "date")


def kind_of(name: str, input_type: str) -> str:
    """Which hostile pool suits a field: by its input type, else by its name."""
    if input_type in {"email", "date", "number"}:
        return input_type
    if input_type == "datetime-local":
        return "datetime"
    if input_type in {"month", "week", "time"}:
        return "date"
    lowered = name.lower()
    if "email" in lowered:
        return "email"
    if re.search(r"date|_on$|_at(_0)?$|starts|ends|deadline|birth|_0$", lowered):
        return "date"
    if re.search(r"year|month|count|number|capacity|minutes|size|seats|page|^id$|_id$|pk", lowered):
        return "number"
    return "text"


PLAUSIBLE = {
    "email": "fuzz@example.com",
    "date": "2027-04-01",
    "datetime": "2027-04-01T10:00",
    "datetime-local": "2027-04-01T10:00",
    "time": "10:00",
    "number": "1",
    "url": "https://example.com",
    "tel": "03-1234-5678",
    "password": "Correct-Horse-Battery-2026",
}


@dataclass
class Form:
    """A form of a page: where it posts and the values a browser would send untouched."""

    method: str
    action: str
    values: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    typed: set[str] = field(default_factory=set)
    """Fields a person types into (not hidden, not a choice): they get the EXPLICIT limits."""
    fixed: set[str] = field(default_factory=set)
    """Hidden inputs and checkboxes: values the page sets, which views often read themselves
    (an id to act on, the selection of an admin action)."""
    files: list[str] = field(default_factory=list)

    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.method, self.action, tuple(sorted(self.values)))

    def sent(self) -> dict[str, list[str]]:
        """The values a browser sends when nobody changes anything."""
        return {name: list(values) for name, values in self.values.items()}


class _FormReader(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.options: list[str] = []
        self.select_chosen = False
        self.select_required = False
        # Selects offering the same choices (first, second, third industry wanted) get
        # different ones, as a person would choose them.
        self.taken: dict[tuple[str, ...], int] = {}
        self.textarea: str | None = None
        self.textarea_filled = ""
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.form = Form(method=(a.get("method") or "get").lower(), action=action)
            self.forms.append(self.form)
        elif tag == "option" and self.select and self.form is not None:
            value = a.get("value", "")
            if value:
                self.options.append(value)
            # Django marks the empty "---------" choice selected; for a required select a
            # person picks a real one.
            if "selected" in a and (value or not self.select_required):
                self.form.values[self.select] = [value]
                self.select_chosen = True
        elif tag == "button" and self.form is not None and a.get("name"):
            # The button a person presses is sent too (the first, if there are several).
            if a.get("type", "submit") == "submit":
                self.form.values.setdefault(a["name"], [a.get("value", "")])
        elif self.form is not None and a.get("name"):
            self._field(self.form, tag, a["name"], a)

    def _field(self, form: Form, tag: str, name: str, a: dict[str, str]) -> None:
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "submit":
                form.values.setdefault(name, [a.get("value", "")])
                return
            if kind in {"button", "image", "reset"}:
                return
            if kind == "file":
                form.files.append(name)
                return
            form.kinds[name] = kind_of(name, kind)
            value = a.get("value", "")
            # Not the CSRF token (the test client does not check it), nor a formset's counts
            # and empty template (Django checks those itself).
            if kind in {"hidden", "checkbox"} and not re.search(
                r"csrfmiddlewaretoken|_FORMS$|__prefix__", name
            ):
                form.fixed.add(name)
            if kind in {"checkbox", "radio"}:
                checked = "checked" in a or "required" in a
                if checked or (kind == "radio" and not form.values.get(name)):
                    form.values[name] = [value or "on"]
                else:
                    form.values.setdefault(name, [])
                return
            if kind != "hidden":
                form.typed.add(name)
            # A required field left empty would stop every probe at "This field is required.";
            # an optional one stays empty (a honeypot field must, or the form takes us for a bot).
            filled = PLAUSIBLE.get(kind, "Fuzz") if "required" in a else ""
            form.values[name] = [value or filled]
        elif tag == "select":
            self.select, self.options, self.select_chosen = name, [], False
            self.select_required = "required" in a
            form.kinds[name] = kind_of(name, "select")
            form.values[name] = []
        elif tag == "textarea":
            self.textarea, self.text = name, ""
            self.textarea_filled = "Fuzz" if "required" in a else ""
            form.kinds[name] = kind_of(name, "textarea")
            form.typed.add(name)

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select and self.form is not None:
            if not self.select_chosen and self.options:
                index = self.taken.get(tuple(self.options), 0)
                self.taken[tuple(self.options)] = index + 1
                self.form.values[self.select] = [self.options[index % len(self.options)]]
            self.select = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.values[self.textarea] = [self.text.strip("\n") or self.textarea_filled]
            self.textarea = None


def forms_of(html: str, page_url: str) -> list[Form]:
    """The forms of a page that post back to this site, with the values a browser sends."""
    reader = _FormReader(page_url)
    reader.feed(html)
    return [f for f in reader.forms if not urlsplit(f.action).netloc]


def get_params(path: str) -> set[str]:
    """The GET parameters the view of `path` (and its module) reads: names passed to
    request.GET, and the fields of the FilterSets and forms built from it."""
    match = resolve(path)
    view = inspect.unwrap(match.func)
    module = inspect.getmodule(view)
    if module is None or module.__name__.split(".")[0] not in PROJECT_PACKAGES:
        return set(GENERIC_GET_PARAMS)
    source = inspect.getsource(module)
    names = set(re.findall(r"request\.GET(?:\.get|\.getlist)?\(\s*[\"'](\w+)", source))
    names |= set(re.findall(r"[\"'](\w+)[\"']\s+(?:not\s+)?in\s+request\.GET", source))
    # Filters and forms built from the query string (EventFilter(data, ...) with data a copy).
    for name in set(re.findall(r"\b([A-Z]\w+)\(\s*(?:request\.GET|data\b)", source)):
        cls = vars(module).get(name)
        if isinstance(cls, type) and issubclass(cls, FilterSet):
            names |= set(cls.base_filters)
        elif isinstance(cls, type) and issubclass(cls, forms.BaseForm):
            names |= set(cls.base_fields)
    return names | set(GENERIC_GET_PARAMS)


PROJECT_PACKAGES = {
    "jetcareer",
    "participants",
    "employers",
    "events",
    "internships",
    "regional",
    "surveys",
    "portal",
    "reports",
}
