"""Pages at N and 10N: does a page cost the same when the portal holds ten times the data?

What it measures
    For each scale (N, then 10N by default) a PostgreSQL database of its own is filled with bulk
    inserts (70,000 participants, 300 events, 200,000 registrations, a fair with 150 exhibitors
    and 600 consenting registrants, a person with 30 registrations, a fiscal year of 40 events
    with 500 registrations each; every figure times the scale), analysed as autovacuum would,
    and served by gunicorn (production settings) on the loopback interface. Each page is then
    asked for by `--concurrency` clients for `--round-seconds`, in `--rounds` rounds (the pages
    interleaved within a round); the report gives for each page the SQL queries of one request
    (counted in this process, at each scale), the median answer time and the throughput (min,
    median and max over the rounds), the ratio of the time at 10N to the time at N, and the
    throughput as a share of the floor page's (the base template with a session and no data,
    bench/floor_site.py) and of the trivial view's (/health/live/) in the same run.

    The fiscal year reported keeps its 40 events at every scale while its registrations grow:
    a country with ten times the participants, not ten times the fairs.

How to run it (PostgreSQL reachable with the URL given, a free port)
    .venv/bin/python bench/pages.py                        # N and 10N, 3 rounds (~5 minutes)
    .venv/bin/python bench/pages.py --scales 1 --rounds 1  # quick look
    .venv/bin/python bench/pages.py --keep                 # leave the databases for --reuse
    .venv/bin/python bench/pages.py --reuse                # migrate and measure kept databases
    .venv/bin/python bench/pages.py --sql "admin registrations"  # that page's SQL and times
    .venv/bin/python bench/pages.py --reuse --profile "my page"  # where that page's time goes
    .venv/bin/python bench/pages.py --memory-requests 10000   # workers' memory, mixed requests

The databases are named after --database-url with "_n1", "_n10", ... appended (the name must
contain "bench"); they are dropped at the end unless --keep, and gunicorn is stopped, also after
Ctrl-C. Exit code 1 when a page did not answer 200 with content, or its query count differs
between scales.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from harness import (
    HOST,
    Request,
    close_django_connections,
    collectstatic,
    create_database,
    database_exists,
    drop_database,
    drop_queue,
    ensure_port_free,
    fire,
    gunicorn,
    hammer,
    migrate,
    percentile,
    rss_kib,
    session_for,
    settings_env,
    setup_django,
    split_database_url,
    with_database,
    worker_pids,
)

FAIR_SLUG = "bench-fair"
FY_EVENTS = 40  # events of the fiscal year reported, at every scale

# Base sizes (N); each is multiplied by the scale.
PROFILES = 70_000
EVENTS = 300
REGISTRATIONS = 200_000
FAIR_EXHIBITORS = 150
FAIR_REGISTRANTS = 600  # confirmed, all sharing their profile with employers
MY_REGISTRATIONS = 30
FY_REGISTRATIONS_PER_EVENT = 500


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # may contain {ticket} and {year}
    who: str | None  # None: anonymous; else "participant", "employer" or "staff"


PAGES = [
    Page("trivial view", "/health/live/", None),
    Page("floor page", "/bench/floor/", "participant"),
    Page("home (anonymous)", "/", None),
    Page("event list (anonymous)", "/events/", None),
    Page("fair detail", f"/events/{FAIR_SLUG}/", "participant"),
    Page("my events", "/events/mine/", "participant"),
    Page("ticket", "/events/ticket/{ticket}/", "participant"),
    Page("résumé book", f"/events/{FAIR_SLUG}/resume-book/", "employer"),
    Page("fiscal-year report", "/reports/fy/{year}/", "staff"),
    Page("admin events", "/admin/events/event/", "staff"),
    Page("admin participants", "/admin/participants/participantprofile/", "staff"),
    Page("admin registrations", "/admin/events/registration/", "staff"),
    Page("my page", "/participants/me/", "participant"),
]
REFERENCES = ("trivial view", "floor page")


# --- Building the data -----------------------------------------------------------------------


def insert_select(model: type, values: dict[str, str], source: str, params: Sequence = ()) -> int:
    """INSERT INTO model's table SELECT ... FROM `source`: the columns named in `values` get
    the SQL expressions given (no placeholders in them: `params` belong to `source`); every
    other column its field's default (auto_now fields: now(), nullable ones without a default:
    NULL, text fields: ""), so the statement follows the model as it is. Returns the number of
    rows inserted."""
    from django.db import connection

    columns, expressions, args = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.name in values or f.attname in values:
            expressions.append(values.get(f.name, values.get(f.attname)))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            expressions.append("now()")
        elif f.null and not f.has_default():
            expressions.append("NULL")
        elif f.get_default() is not None:  # a default, or "" for a text field
            expressions.append("%s")
            args.append(f.get_db_prep_save(f.get_default(), connection))
        else:
            raise SystemExit(f"{model.__name__}.{f.name} needs a value in the bench data")
    table = connection.ops.quote_name(model._meta.db_table)
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names from the models
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*args, *params])
        return cursor.rowcount


@dataclass
class Built:
    """What the pages need to know about the data: sessions, the ticket and the year."""

    sessions: dict[str, str] = field(default_factory=dict)
    ticket: str = ""
    year: int = 0


def build(scale: int) -> Built:
    """Fill the (migrated, empty) database Django is connected to; see the module docstring."""
    from allauth.mfa.models import Authenticator
    from django.db import connection, transaction
    from django.utils import timezone

    from employers.models import Employer, Membership
    from events.models import Event, Exhibitor, HostOrganization, Registration
    from jetcareer.accounts.models import User
    from participants.models import ParticipantProfile
    from reports.figures import fiscal_year_bounds, fiscal_year_of

    now = timezone.now()
    built = Built(year=fiscal_year_of(timezone.localdate()) - 1)
    fy_start, fy_end = fiscal_year_bounds(built.year)
    people = PROFILES * scale
    started = time.monotonic()

    with transaction.atomic():
        insert_select(
            User,
            {
                "email": "'p' || g || '@bench.example'",
                "password": "'!bench'",  # unusable: nobody logs in, sessions exist
                "account_type": "'participant'",
                "preferred_language": "CASE WHEN mod(g, 3) = 0 THEN 'ja' ELSE 'en' END",
                "date_joined": "now()",
            },
            "generate_series(1, %s) AS g",
            [people],
        )
        # Every third person shares their profile with employers; statuses mixed.
        insert_select(
            ParticipantProfile,
            {
                "user": "u.id",
                "full_name": "'Participant ' || lpad(u.id::text, 7, '0')",
                "status": "(ARRAY['current', 'current', 'alumni', 'other'])[1 + mod(u.id, 4)]",
                "position": "CASE WHEN mod(u.id, 4) = 3 THEN '' ELSE 'ALT' END",
                "prefecture": "lpad((1 + mod(u.id, 47))::text, 2, '0')",
                "jet_start_date": "DATE '2022-08-01'",
                "term_end_date": "DATE '2027-07-31'",
                "jlpt_level": "1 + mod(u.id, 5)",
                "industry_1": "'education'",
                "industry_2": "'tourism'",
                "job_types": """'["translation", "teaching"]'::jsonb""",
                "shares_with_employers": "mod(u.id, 3) = 0",
                "consent_given_at": "CASE WHEN mod(u.id, 3) = 0 THEN now() END",
                "introduction": "'I have taught English in Japan and want to work here.'",
            },
            "accounts_user AS u WHERE u.email LIKE 'p%%@bench.example' ORDER BY u.id",
        )
        first_profile = ParticipantProfile.objects.order_by("pk").values_list("pk", flat=True)[0]

        host = HostOrganization.objects.create(
            slug="bench-clair", kind=HostOrganization.Kind.CLAIR, name_en="CLAIR", name_ja="クレア"
        )
        kinds = [
            Event.Kind.CAREER_FAIR,
            Event.Kind.WEBINAR,
            Event.Kind.TRAINING,
            Event.Kind.NETWORKING,
        ]

        def event(slug: str, starts, kind: str, **extra) -> Event:
            return Event(
                slug=slug, kind=kind, format=Event.Format.IN_PERSON, organizer=host,
                title_en=f"Bench {kind} {slug}", title_ja=f"ベンチ {slug}",
                venue_en="Herbis Hall", city_en="Osaka", prefecture="27",
                starts_at=starts, ends_at=starts + timedelta(hours=4),
                registration_opens_at=starts - timedelta(days=60),
                registration_closes_at=starts - timedelta(days=1),
                audience=Event.Audience.ALL_JET, is_published=True, **extra,
            )  # fmt: skip

        fy_days = (fy_end - fy_start).days
        events = [
            event(f"fy-{i}", fy_start + timedelta(days=fy_days * i // FY_EVENTS, hours=10),
                  kinds[i % 4] if i % 4 else Event.Kind.CAREER_FAIR)
            for i in range(FY_EVENTS)
        ]  # fmt: skip
        # The rest: a tenth upcoming over the next year, the others before the fiscal year.
        rest = EVENTS * scale - FY_EVENTS - 1
        upcoming = rest // 10
        for i in range(rest):
            if i < upcoming:
                starts = now + timedelta(days=2 + 360 * i // upcoming, hours=1)
            else:
                starts = fy_start - timedelta(
                    days=1 + 8 * 365 * (i - upcoming) // (rest - upcoming)
                )
            events.append(event(f"ev-{i}", starts, kinds[i % 4]))
        fair = event(
            FAIR_SLUG,
            now + timedelta(days=40),
            Event.Kind.CAREER_FAIR,
            capacity=FAIR_REGISTRANTS * scale * 2,
        )
        events.append(fair)
        Event.objects.bulk_create(events, batch_size=1000)
        fair = Event.objects.get(slug=FAIR_SLUG)

        # The fair: consenting registrants (every third profile shares), then exhibitors.
        insert_select(
            Registration,
            {
                "event": str(fair.pk),
                "participant": f"{first_profile} + 2 + 3 * g",
                "status": "'confirmed'",
                "ticket_token": "gen_random_uuid()",
                "created_at": "now() - interval '10 days' + g * interval '1 second'",
                "confirmed_at": "now() - interval '10 days' + g * interval '1 second'",
            },
            "generate_series(0, %s) AS g",
            [FAIR_REGISTRANTS * scale - 1],
        )
        # The fiscal year's events, then the others: distinct people per event, statuses mixed;
        # past events have most seats checked in.
        per_other = (
            REGISTRATIONS * scale
            - FY_EVENTS * FY_REGISTRATIONS_PER_EVENT * scale
            - FAIR_REGISTRANTS * scale
        ) // max(rest, 1)
        for prefix, per_event in (
            ("fy-%", FY_REGISTRATIONS_PER_EVENT * scale),
            ("ev-%", per_other),
        ):
            insert_select(
                Registration,
                {
                    "event": "e.id",
                    # 1 + ...: the first profile is "me", whose registrations come below.
                    "participant": f"{first_profile} + 1 + mod(e.id * 7919 + g, {people - 1})",
                    "status": "CASE WHEN mod(g, 20) = 0 THEN 'cancelled' "
                    "WHEN mod(g, 10) = 0 THEN 'waitlisted' ELSE 'confirmed' END",
                    "ticket_token": "gen_random_uuid()",
                    "created_at": "e.starts_at - interval '30 days' + g * interval '1 second'",
                    "confirmed_at": "CASE WHEN mod(g, 10) <> 0 "
                    "THEN e.starts_at - interval '30 days' + g * interval '1 second' END",
                    "cancelled_at": "CASE WHEN mod(g, 20) = 0 THEN e.starts_at END",
                    "checked_in_at": "CASE WHEN mod(g, 10) BETWEEN 1 AND 7 AND e.ends_at < now() "
                    "THEN e.starts_at END",
                },
                "events_event AS e CROSS JOIN LATERAL generate_series(1, %s) AS g "
                "WHERE e.slug LIKE %s",
                [per_event, prefix],
            )

        # "Me": a participant registered for MY_REGISTRATIONS events, the fair among them.
        me = ParticipantProfile.objects.select_related("user").get(pk=first_profile)
        mine = list(
            Event.objects.filter(slug__startswith="ev-").order_by("-starts_at")[
                : MY_REGISTRATIONS * scale - 1
            ]
        )
        ticket = Registration.objects.create(
            event=fair, participant=me, status=Registration.Status.CONFIRMED, confirmed_at=now
        )
        Registration.objects.bulk_create(
            [
                Registration(
                    event=e,
                    participant=me,
                    status=Registration.Status.CONFIRMED,
                    confirmed_at=e.starts_at - timedelta(days=20),
                )
                for e in mine
            ]
        )
        built.ticket = str(ticket.ticket_token)

        # Exhibitors of the fair (verified employers); the first one's owner reads the book.
        employers = Employer.objects.bulk_create(
            [
                Employer(
                    name_en=f"Bench Employer {i}",
                    name_ja=f"ベンチ企業{i}",
                    slug=f"bench-{i}",
                    industry="education",
                    prefecture="13",
                    status=Employer.Status.VERIFIED,
                )
                for i in range(FAIR_EXHIBITORS * scale)
            ],
            batch_size=1000,
        )
        Exhibitor.objects.bulk_create(
            [
                Exhibitor(
                    event=fair,
                    employer=e,
                    status=Exhibitor.Status.APPROVED,
                    booth_label=f"B{i:04d}",
                    online_presentation=i % 5 == 0,
                )
                for i, e in enumerate(employers)
            ],
            batch_size=1000,
        )
        recruiter = User.objects.create_user(
            email="recruiter@bench.example", account_type=User.AccountType.EMPLOYER
        )
        Membership.objects.create(user=recruiter, employer=employers[0], role="owner")

        staff = User.objects.create_superuser(email="staff@bench.example", password=None)
        staff.account_type = User.AccountType.STAFF
        staff.save(update_fields=["account_type"])
        # Staff pages ask for a second factor first (issue #13): this one has an app.
        Authenticator.objects.create(
            user=staff, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
        built.sessions = {
            "participant": session_for(me.user),
            "employer": session_for(recruiter),
            "staff": session_for(staff),
        }
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # autovacuum is off on the development machines
        cursor.execute("SELECT count(*) FROM events_registration")
        registrations = cursor.fetchone()[0]
    print(
        f"  built scale {scale}: {people:,} participants, {len(events):,} events, "
        f"{registrations:,} registrations in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return built


def refresh_sessions(built: Built) -> Built:
    """For a kept database: new sessions (the old ones may have been signed with another key),
    and the ticket and year as stored."""
    from django.utils import timezone

    from events.models import Registration
    from jetcareer.accounts.models import User
    from reports.figures import fiscal_year_of

    me = Registration.objects.select_related("participant__user").get(
        event__slug=FAIR_SLUG, participant__user__email="p1@bench.example"
    )
    built.ticket = str(me.ticket_token)
    built.year = fiscal_year_of(timezone.localdate()) - 1
    built.sessions = {
        "participant": session_for(me.participant.user),
        "employer": session_for(User.objects.get(email="recruiter@bench.example")),
        "staff": session_for(User.objects.get(email="staff@bench.example")),
    }
    return built


def use_database(name: str) -> None:
    """Point this process's Django at another database of the same server."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name


# --- Measuring -------------------------------------------------------------------------------


def page_path(page: Page, built: Built) -> str:
    return page.path.format(ticket=built.ticket, year=built.year)


def headers(page: Page, built: Built) -> dict[str, str]:
    if page.who is None:
        return {"Accept-Language": "en"}
    return {"Cookie": f"sessionid={built.sessions[page.who]}", "Accept-Language": "en"}


@dataclass
class Counted:
    queries: int
    status: int
    size: int
    sql: list[tuple[float, str]]


def count_queries(page: Page, built: Built) -> Counted:
    """One request in this process (after a first one that warms per-process caches): its SQL
    queries, status and size."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if page.who:
        client.cookies["sessionid"] = built.sessions[page.who]
    path = page_path(page, built)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    sql = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    return Counted(len(captured), response.status_code, len(response.content), sql)


def profile_page(page: Page, built: Built, scale: int, times: int = 20) -> None:
    """Where one page's time goes in this process: `times` requests under cProfile (after a
    first one), the 25 functions with the most time of their own, then by cumulative time."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if page.who:
        client.cookies["sessionid"] = built.sessions[page.who]
    path = page_path(page, built)
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(times):
        client.get(path)
    profiler.disable()
    print(f"  profile of {page.name} at scale {scale}, {times} requests:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    # The project's own functions (not the libraries'), by cumulative time.
    stats.sort_stats("cumulative").print_stats(r"^(?!.*site-packages).*\.py", 30)


@dataclass
class Sample:
    median_ms: float
    rps: float
    errors: int


@dataclass
class Measured:
    queries: dict[str, Counted] = field(default_factory=dict)
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    rss: list[list[int]] | None = None


def measure_round(pages: Sequence[Page], built: Built, args: argparse.Namespace) -> dict:
    """Each page for --round-seconds at --concurrency; median time, throughput, errors."""
    samples = {}
    for page in pages:
        request = Request("GET", page_path(page, built), headers(page, built))
        run = hammer(request, args.concurrency, args.port, args.round_seconds)
        good = [r for r in run.results if r.status == 200 and r.size > 0]
        latencies = sorted(r.seconds * 1000 for r in good)
        samples[page.name] = Sample(
            median_ms=percentile(latencies, 50),
            rps=len(good) / run.wall if run.wall else 0.0,
            errors=len(run.results) - len(good),
        )
    return samples


def memory_check(
    pages: Sequence[Page], built: Built, args: argparse.Namespace, master: int
) -> list[list[int]]:
    """Send --memory-requests requests over every page in turn, in four quarters; the workers'
    RSS (KiB) before and after each quarter: flat means the last quarters add nothing."""
    requests = [
        Request("GET", page_path(page, built), headers(page, built))
        for _ in range(args.memory_requests // len(pages) + 1)
        for page in pages
    ][: args.memory_requests]
    # Warm each worker first: a worker's first requests import and cache what it needs.
    fire(requests[: len(pages) * 4], args.concurrency, args.port)
    samples = [[rss_kib(pid) for pid in worker_pids(master)]]
    quarter = max(1, len(requests) // 4)
    for start in range(0, len(requests), quarter):
        fire(requests[start : start + quarter], args.concurrency, args.port, overall_timeout=900)
        samples.append([rss_kib(pid) for pid in worker_pids(master)])
    return samples


def measure_scale(
    scale: int, args: argparse.Namespace, env: dict[str, str], log: Path, db: str
) -> Measured:
    measured = Measured()
    use_database(db)
    built = refresh_sessions(Built()) if args.reuse and _has_data() else build(scale)
    for page in PAGES:
        measured.queries[page.name] = count_queries(page, built)
    if args.sql:
        for page in PAGES:
            if page.name == args.sql:
                print(f"  SQL of {page.name} at scale {scale}:")
                for ms, text in measured.queries[page.name].sql:
                    print(f"    {ms:8.1f} ms  {text}")
    if args.profile:
        for page in PAGES:
            if page.name == args.profile:
                profile_page(page, built, scale)
    close_django_connections()
    scale_env = {**env, "DATABASE_URL": with_database(env["DATABASE_URL"], db)}
    with gunicorn(scale_env, args.port, args.workers, log) as master:
        # Warm every worker on every page (imports, template and translation caches).
        for page in PAGES:
            request = Request("GET", page_path(page, built), headers(page, built))
            fire([request] * args.workers * 2, args.workers, args.port)
        for number in range(args.rounds):
            print(f"  scale {scale}: round {number + 1} of {args.rounds}...", flush=True)
            for name, sample in measure_round(PAGES, built, args).items():
                measured.samples.setdefault(name, []).append(sample)
        if args.memory_requests and scale == max(args.scales):
            print(f"  scale {scale}: {args.memory_requests} mixed requests...", flush=True)
            measured.rss = memory_check(PAGES, built, args, master)
    return measured


def _has_data() -> bool:
    from events.models import Event

    return Event.objects.filter(slug=FAIR_SLUG).exists()


# --- Report ----------------------------------------------------------------------------------


def spread(values: list[float], fmt: str) -> str:
    """min / median / max."""
    if not values:
        return "-"
    return "/".join(format(v, fmt) for v in (min(values), statistics.median(values), max(values)))


def report(args: argparse.Namespace, results: dict[int, Measured]) -> int:
    scales = sorted(results)
    low, high = scales[0], scales[-1]
    failed = False
    print()
    print("=" * 100)
    print(
        f"Pages: gunicorn {args.workers} sync workers, {args.concurrency} clients, "
        f"{args.rounds} rounds of {args.round_seconds:g} s per page, {HOST}:{args.port}"
    )
    print("time: median answer time in ms; req/s: throughput; both min/median/max over rounds")
    print("=" * 100)
    for scale in scales:
        m = results[scale]
        floor = statistics.median(s.rps for s in m.samples["floor page"])
        trivial = statistics.median(s.rps for s in m.samples["trivial view"])
        print(f"\nscale {scale} (x{scale} the base sizes)")
        print(
            f"{'page':<26}{'queries':>8}{'time ms':>22}{'req/s':>22}{'/floor':>8}"
            f"{'/trivial':>9}{'errors':>7}"
        )
        for page in PAGES:
            samples = m.samples[page.name]
            counted = m.queries[page.name]
            rps = statistics.median(s.rps for s in samples)
            errors = sum(s.errors for s in samples)
            print(
                f"{page.name:<26}{counted.queries:>8}"
                f"{spread([s.median_ms for s in samples], '.1f'):>22}"
                f"{spread([s.rps for s in samples], '.1f'):>22}"
                f"{rps / floor if floor else 0:>8.2f}{rps / trivial if trivial else 0:>9.3f}"
                f"{errors:>7}"
            )
            if counted.status != 200 or errors:
                print(f"  !!! {page.name}: status {counted.status}, {errors} failed requests")
                failed = True
    if len(scales) > 1:
        print(f"\nscale {high} against scale {low} (time ratio: median time, median of rounds)")
        print(
            f"{'page':<26}{'queries':>12}{'time ratio':>12}{'same cost':>11}"
            f"{'/floor at ' + str(high):>14}{'half floor':>12}"
        )
        floor = statistics.median(s.rps for s in results[high].samples["floor page"])
        for page in PAGES:
            if page.name in REFERENCES:
                continue
            q_low = results[low].queries[page.name].queries
            q_high = results[high].queries[page.name].queries
            t_low = statistics.median(s.median_ms for s in results[low].samples[page.name])
            t_high = statistics.median(s.median_ms for s in results[high].samples[page.name])
            ratio = t_high / t_low if t_low else 0.0
            share = statistics.median(s.rps for s in results[high].samples[page.name]) / floor
            same = ratio <= 1.5 and q_low == q_high
            print(
                f"{page.name:<26}{f'{q_low} -> {q_high}':>12}{ratio:>12.2f}"
                f"{'yes' if same else 'NO':>11}{share:>14.2f}{'yes' if share >= 0.5 else 'no':>12}"
            )
            if q_low != q_high:
                failed = True
    for scale in scales:
        if results[scale].rss:
            print(
                f"\nworkers' RSS (MiB) at scale {scale}, before and after each quarter of "
                f"{args.memory_requests} mixed requests:"
            )
            for index, sample in enumerate(results[scale].rss):
                label = "before" if index == 0 else f"after {index}/4"
                print(f"  {label:<10}" + "  ".join(f"{kib / 1024:7.1f}" for kib in sample))
    return 1 if failed else 0


# --- Main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated multiples of N")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--round-seconds", type=float, default=1.5, help="per page and round")
    parser.add_argument("--concurrency", type=int, default=2, help="clients at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8766, help=f"port on {HOST}")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure kept databases again")
    parser.add_argument("--sql", default="", help="print this page's SQL with times")
    parser.add_argument("--profile", default="", help="profile this page in this process")
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=0,
        help="mixed requests at the largest scale, RSS before and after",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/jetcareer_bench_pages",
        help="base name of the databases to create, use and drop (must contain 'bench')",
    )
    args = parser.parse_args(argv)
    args.scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    if not args.scales or min(args.scales) < 1:
        parser.error("--scales: whole numbers from 1")
    return args


def interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    admin_url, base = split_database_url(args.database_url)
    ensure_port_free(args.port)
    names = {scale: f"{base}_n{scale}" for scale in args.scales}
    env = settings_env(
        with_database(args.database_url, f"{base}_tmpl"),
        "",  # tasks eager: GET pages queue none
        DJANGO_SETTINGS_MODULE="bench.floor_settings",
    )
    results: dict[int, Measured] = {}
    tmp = tempfile.TemporaryDirectory(prefix="bench-pages-")
    env["STATIC_ROOT"] = str(Path(tmp.name) / "static")
    try:
        print("Creating the databases...", flush=True)
        collectstatic(env)
        fresh = [
            s for s in args.scales if not (args.reuse and database_exists(admin_url, names[s]))
        ]
        if fresh:
            create_database(admin_url, f"{base}_tmpl")
            migrate(env)
            for scale in fresh:
                create_database(admin_url, names[scale], template=f"{base}_tmpl")
            drop_database(admin_url, f"{base}_tmpl")
        for scale in args.scales:
            if scale not in fresh:
                migrate({**env, "DATABASE_URL": with_database(args.database_url, names[scale])})
        setup_django(
            {**env, "DATABASE_URL": with_database(args.database_url, names[args.scales[0]])}
        )
        for scale in args.scales:
            print(f"Scale {scale}:", flush=True)
            results[scale] = measure_scale(
                scale, args, env, Path(tmp.name) / "gunicorn.log", names[scale]
            )
        close_django_connections()
        return report(args, results)
    except KeyboardInterrupt:
        print("\nInterrupted: stopping gunicorn and dropping the databases.")
        return 130
    finally:
        close_django_connections()
        tmp.cleanup()
        drop_database(admin_url, f"{base}_tmpl")
        if not args.keep:
            for name in names.values():
                drop_database(admin_url, name)
        if env.get("CELERY_QUEUE"):
            drop_queue(env["REDIS_URL"], env["CELERY_QUEUE"])


if __name__ == "__main__":
    sys.exit(main())
