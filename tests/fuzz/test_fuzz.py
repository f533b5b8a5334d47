"""Fuzz every URL of the permission matrix, the account pages and Django admin with hostile
input: no answer may be a server error (issue #13).

For each role the walk GETs every page, then sends it hostile query strings (the parameters
its view reads, found in its source and in the GET forms of the page, plus generic ones), POSTs
hostile values into every form the page shows (names read from the page), swaps path arguments
for out-of-range ones, and in admin sends non-numeric lookups to every changelist, change view
and the autocomplete. Roles of one kind (participants, employers, staff) that get the same
answer from a page run the same code, so one of them gets the hostile input. Each probe runs in
a savepoint that is rolled back, so probes are independent and nothing one does is seen by the
next. A failure lists every 500 with its role, method, URL and input.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.template.base import Template
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from participants.models import ParticipantProfile
from tests.fuzz.hostile import (
    EXPLICIT,
    GENERIC_GET_PARAMS,
    HOSTILE,
    INTS,
    LOOKUPS,
    NUL,
    TEXTS,
    YEARS,
    Form,
    forms_of,
    get_params,
    is_numeric,
    kind_of,
)
from tests.permissions.matrix import ROLES, World
from tests.permissions.test_matrix import ALL_ROWS

hypothesis_settings.register_profile(
    "fuzz",
    # Small and fixed: the whole walk stays within about a minute on two cores, and CI sees
    # the same inputs every run (derandomize) without a local example database.
    max_examples=2,
    derandomize=True,
    database=None,
    deadline=None,
    report_multiple_bugs=False,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
FUZZ = hypothesis_settings.get_profile("fuzz")

# Account pages of allauth that the matrix leaves to allauth's own tests; their forms take
# e-mail addresses and passwords, so they are fuzzed too.
ACCOUNT_PAGES = ("account_reset_password", "account_email", "account_change_password")
ADMIN_PARAMS = ("q", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters")

Data = dict[str, Any]


def shorten(value: Any) -> Any:
    """Input as a failure message shows it: long strings cut, NUL bytes visible."""
    if isinstance(value, dict):
        return {k: shorten(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [shorten(v) for v in value]
    if isinstance(value, str) and len(value) > 80:
        return f"{value[:40]!r}…({len(value)} characters)"
    return value


def plain_render(self: Template, context: Any) -> str:
    """Template rendering as outside tests: without the test client's signal, which copies
    the context of every template and widget rendered."""
    return self.nodelist.render(context)


class Prober:
    """Sends requests as each role, each in a rolled-back savepoint; counts and records 500s."""

    def __init__(self, world: World) -> None:
        self.clients: dict[str, Client] = {}
        for role in ROLES:
            client = Client()
            if role != "anonymous":
                client.force_login(world.users[role])
            self.clients[role] = client
        self.count = 0
        self.failures: list[str] = []
        self.last: tuple[int, str] = (0, "")

    def send(self, role: str, method: str, url: str, data: Data | None = None) -> tuple[int, str]:
        """Send one request; return its status and text and record it when it is a failure: a
        status of 500 or more, or an exception the view let escape."""
        failure = self.probe(role, method, url, data)
        if failure:
            self.failures.append(failure)
        return self.last

    def probe(self, role: str, method: str, url: str, data: Data | None = None) -> str | None:
        """Send one request; return a description of the failure, or None."""
        client = self.clients[role]
        cookies = client.cookies
        client.cookies = type(cookies)(cookies)  # a logout during the probe is forgotten
        self.count += 1
        status, body, error = 0, "", None
        with transaction.atomic():
            try:
                response = getattr(client, method)(url, data or {})
                status = response.status_code
                if not getattr(response, "streaming", False):
                    body = response.content.decode(errors="replace")
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:300]
            transaction.set_rollback(True)
        client.cookies = cookies
        self.last = (status, body)
        if error or status >= 500:
            return f"{role} {method.upper()} {url} {shorten(data)!r} -> {error or status}"
        return None

    def fuzz(
        self,
        strategy: st.SearchStrategy,
        probe: Callable[[Any], str | None],
        examples: int = FUZZ.max_examples,
        explicit: Iterable[Any] = (),
    ) -> None:
        """Run `probe` on each explicit value and on `examples` values drawn from `strategy`.
        A failure is shrunk to its simplest input and recorded, and the walk goes on."""

        def run(value: Any) -> None:
            failure = probe(value)
            assert failure is None, failure

        for value in explicit:
            run = example(value)(run)
        # No examples: the explicit ones only.
        phases = FUZZ.phases if examples else [Phase.explicit]
        run = given(strategy)(
            hypothesis_settings(FUZZ, max_examples=max(examples, 1), phases=phases)(run)
        )
        try:
            run()
        except AssertionError as exc:
            self.failures.append(str(exc).splitlines()[0])


def query_strategy(names: Iterable[str]) -> st.SearchStrategy[Data]:
    """One parameter, and perhaps others, each with a hostile value suited to its name."""
    pools = {name: HOSTILE[kind_of(name, "")] for name in sorted(names)}
    return st.sampled_from(sorted(pools)).flatmap(
        lambda first: st.fixed_dictionaries(
            {first: pools[first]}, optional={n: p for n, p in pools.items() if n != first}
        )
    )


def lookups_of(names: Iterable[str]) -> list[Data]:
    """Each parameter alone with "abc", and with a number past int64 when it takes numbers."""
    return [
        {name: value}
        for name in sorted(names)
        for value in (LOOKUPS if is_numeric(name) else LOOKUPS[:1])
    ]


def form_strategy(form: Form) -> st.SearchStrategy[Data]:
    """What a browser sends, with one or two fields (or all) made hostile. (The CSRF token is
    left alone: the test client does not check it.)"""
    names = sorted(set(form.values) - {"csrfmiddlewaretoken"})
    if not names:
        return st.just({})
    hostile = st.fixed_dictionaries({name: HOSTILE[form.kinds.get(name, "text")] for name in names})
    targets = st.one_of(
        st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True), st.just(names)
    )
    return st.tuples(targets, hostile).map(
        lambda choice: {**form.sent(), **{name: choice[1][name] for name in choice[0]}}
    )


def form_limits(form: Form, kinds: Iterable[str] = EXPLICIT) -> list[Data]:
    """What a browser sends untouched; then with one field changed at a time: typed fields of
    the given kinds to each limit of their kind (EXPLICIT), and each value the page set itself
    (a hidden id, an admin action's selection) to one that is no id."""
    sent = form.sent()
    nul = {**sent, **with_nul(form.typed | form.fixed)}
    limits = [
        {**sent, name: value}
        for name in sorted(form.typed)
        if form.kinds[name] in kinds
        for value in EXPLICIT[form.kinds[name]]
    ]
    others = ({**sent, name: LOOKUPS[0]} for name in sorted(form.fixed))
    return [sent, nul, *limits, *others]


def with_nul(names: Iterable[str]) -> Data:
    """Each of the fields or parameters with a NUL character inside."""
    return dict.fromkeys(sorted(names), f"a{NUL}b")


class Walk:
    """The walk over pages and their forms; each form is fuzzed once per kind of account."""

    def __init__(self, prober: Prober) -> None:
        self.prober = prober
        self.forms: dict[tuple[str, tuple[str, str, tuple[str, ...]]], tuple[str, Form]] = {}
        self.actions: set[tuple[str, str]] = set()
        self.pages: set[tuple[str, str, int]] = set()

    def page(
        self, role: str, url: str, params: Iterable[str] = (),
        examples: int = FUZZ.max_examples, explicit: Iterable[Data] = (), read: bool = True,
    ) -> tuple[int, str]:  # fmt: skip
        """GET the page plainly (unless not `read`). When it opens (200), read its forms and
        send `examples` hostile query strings and the `explicit` ones; when it does not (a
        redirect to log in, 403, 404), one hostile query string. Return the plain status and
        text."""
        status, body = self.prober.send(role, "get", url) if read else (200, "")
        names = set(params) | set(GENERIC_GET_PARAMS)
        if status == 200:
            for form in forms_of(body, url):
                if form.method == "get":
                    names |= set(form.values)
                else:
                    self.add_form(role, form)
        else:
            examples, explicit = 1, ()
        # Roles of a kind that get the same answer run the same code: one of them is probed.
        if read and (url, kind(role), status) in self.pages:
            return status, body
        self.pages.add((url, kind(role), status))
        if examples or explicit:
            self.prober.fuzz(
                query_strategy(names),
                lambda data: self.prober.probe(role, "get", url, data),
                examples,
                explicit,
            )
        return status, body

    def add_form(self, role: str, form: Form) -> None:
        key = (kind(role), form.signature())
        if key not in self.forms:
            self.forms[key] = (role, form)
            self.actions.add((kind(role), urlsplit(form.action).path))

    def post_forms(self) -> None:
        for role, form in self.forms.values():
            # Admin forms are many and long: one random example, and limits only for e-mail
            # addresses and dates (admin's ModelForms take max_length and the range of numbers
            # from their models).
            admin_form = "/admin/" in form.action
            self.prober.fuzz(
                form_strategy(form),
                lambda data, role=role, form=form: self.prober.probe(
                    role, "post", form.action, with_files(form, data)
                ),
                1 if admin_form else FUZZ.max_examples,
                explicit=form_limits(
                    form, ("email", "date", "datetime") if admin_form else EXPLICIT
                ),
            )

    def post(self, role: str, url: str, data: Data, examples: int) -> None:
        """A POST URL of the matrix: its own data made hostile, once for each kind of role,
        unless a form on a page posts there (that form is fuzzed in post_forms)."""
        if (kind(role), urlsplit(url).path) in self.actions:
            return
        self.actions.add((kind(role), urlsplit(url).path))
        form = Form(method="post", action=url)
        for name, value in (data or {"id": "1"}).items():
            form.values[name], form.kinds[name] = [str(value)], kind_of(name, "")
        self.prober.fuzz(
            form_strategy(form),
            lambda data: self.prober.probe(role, "post", url, data),
            examples,
        )

    def path_arguments(self, role: str, name: str, kwargs: Data) -> None:
        """Each integer or token path argument swapped for hostile values."""
        for key, value in kwargs.items():
            if isinstance(value, bool) or not isinstance(value, int | str) or key == "slug":
                continue
            pool = YEARS if key == "year" else INTS if isinstance(value, int) else TEXTS
            explicit = YEARS if key == "year" else pool[:4] if pool is TEXTS else pool[:3]
            # The path segment holding the argument ("5", "2026.csv"), replaced by each value.
            parts = reverse(name, kwargs=kwargs).split("/")
            at = max(i for i, part in enumerate(parts) if part.split(".")[0] == str(value))

            def probe(hostile: str, parts: list[str] = parts, at: int = at) -> str | None:
                rest = parts[at][len(parts[at].split(".")[0]) :]
                url = "/".join([*parts[:at], quote(hostile, safe="") + rest, *parts[at + 1 :]])
                return self.prober.probe(role, "get", url)

            self.prober.fuzz(st.sampled_from(pool), probe, examples=1, explicit=explicit)


KINDS = {"anonymous": "anonymous", "alice": "participant", "bob": "participant",
         "erika": "employer", "yuto": "employer"}  # fmt: skip


def kind(role: str) -> str:
    """The kind of account of a role; every staff role is "staff", whatever its duties."""
    return KINDS.get(role, "staff")


def with_files(form: Form, data: Data) -> Data:
    """A small file that is no PDF in each file field of the form."""
    for name in form.files:
        data[name] = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\x00\xff" + b"\x00" * 64)
    return data


def admin_params(model_admin: admin.ModelAdmin, html: str) -> set[str]:
    """Lookup parameters of a changelist: those of its filter links (every list_filter shows
    its parameters there), the id, and the parts of its date_hierarchy."""
    names = {"id__exact", f"{model_admin.model._meta.pk.name}__exact"}
    for query in re.findall(r'href="\?([^"]*)"', html):
        names |= {pair.split("=", 1)[0] for pair in query.replace("&amp;", "&").split("&")}
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    # Any date field can be looked up by year in the address, not only the hierarchy's.
    names |= {
        f"{field.name}__year"
        for field in model_admin.model._meta.concrete_fields
        if isinstance(field, models.DateField)  # DateTimeField too
    }
    return {name for name in names if name and name not in ADMIN_PARAMS and name != "_facets"}


def walk_admin(walk: Walk) -> None:
    """Every changelist with each lookup made hostile, the change form of an object of each
    model (else its add form), change/history/delete views of an id that is none, and the
    autocomplete."""
    prober = walk.prober
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        _, body = walk.page("staff", changelist, ADMIN_PARAMS)
        lookups = admin_params(model_admin, body)
        walk.page("staff", changelist, lookups, 0, explicit=lookups_of(lookups), read=False)
        # The form of an object when there is one (its inlines have rows), else the empty one:
        # both are the same ModelForm.
        change = re.search(rf'href="({re.escape(changelist)}[^"/?]+/change/)', body)
        if change:
            walk.page("staff", change.group(1), examples=0)
        else:
            with contextlib.suppress(NoReverseMatch):
                walk.page("staff", reverse("admin:{}_{}_add".format(*info)), examples=0)
        for view in ("change", "history", "delete"):
            prober.fuzz(
                st.sampled_from(INTS + TEXTS),
                lambda hostile, view=view, changelist=changelist: prober.probe(
                    "staff", "get", f"{changelist}{quote(hostile, safe='')}/{view}/"
                ),
                examples=0,
                explicit=LOOKUPS if view == "history" else LOOKUPS[:1],
            )
    autocomplete = reverse("admin:autocomplete")
    known = [
        {"app_label": m._meta.app_label, "model_name": m._meta.model_name, "field_name": f}
        for m, model_admin in admin.site._registry.items()
        for f in model_admin.autocomplete_fields
    ]
    params = st.fixed_dictionaries(
        {"term": HOSTILE["text"]},
        optional={"page": HOSTILE["number"], **dict.fromkeys(known[0], HOSTILE["text"])},
    )
    for role in ("staff", "erika"):
        prober.fuzz(
            st.tuples(st.sampled_from(known), params).map(lambda pair: {**pair[0], **pair[1]}),
            lambda data, role=role: prober.probe(role, "get", autocomplete, data),
            explicit=[
                *({**known[0], "term": "a", "page": value} for value in LOOKUPS),
                {**known[0], "term": f"a{NUL}b"},
            ],
        )


def test_no_hostile_input_gets_a_server_error(
    world: World,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    # The contact form's bot checks would otherwise refuse every probe before it is saved.
    settings.CONTACT_FORM_MIN_SECONDS = 0
    settings.CONTACT_INQUIRIES_PER_HOUR = 1_000_000
    # Thousands of refused requests would each log a warning; 500s still log as errors.
    caplog.set_level(logging.ERROR, logger="django.request")
    caplog.set_level(logging.ERROR, logger="django.security")
    monkeypatch.setattr(Template, "_render", plain_render)
    # An advisor among the roles, so that the page where advisors offer slots opens to someone.
    ParticipantProfile.objects.filter(pk=world.bob_profile.pk).update(is_advisor=True)
    prober = Prober(world)
    walk = Walk(prober)
    posts = []
    for row in ALL_ROWS:
        kwargs = row.kwargs(world) if row.kwargs else {}
        url = reverse(row.name, kwargs=kwargs or None)
        if row.method != "get":
            posts += [(role, url, row.data or {}) for role in ROLES]
            continue
        params = get_params(urlsplit(url).path)
        # The view's own parameters one by one, and all with a NUL character, for the first
        # role the page opens to.
        explicit = [*lookups_of(params - set(GENERIC_GET_PARAMS)), with_nul(params)]
        opening = []
        for role in ROLES:
            status, _ = walk.page(role, url, params, explicit=[] if opening else explicit)
            if status == 200:
                opening.append(role)
        if kwargs:
            walk.path_arguments((opening or ["staff"])[-1], row.name, kwargs)
    for name in ACCOUNT_PAGES:
        for role in ROLES:
            walk.page(role, reverse(name), examples=1)
    walk_admin(walk)
    for role, url, data in posts:
        walk.post(role, url, data, examples=1)
    walk.post_forms()
    print(f"fuzz: {prober.count} probes, {len(walk.forms)} forms")
    assert len(walk.forms) > 50, "the walk found few forms: is the form reader broken?"
    assert not prober.failures, "server errors:\n" + "\n".join(sorted(set(prober.failures)))
