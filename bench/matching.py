"""Matching engine benchmark: our deferred acceptance against the `matching` package, and run().

What it measures
    For each size (applicants), a seeded random instance: about 0.8 places per applicant in
    positions of 1-4 places, each applicant choosing 10 positions with a popularity skew
    (log-normal weights, so a few positions draw many applicants), ranking 5 of them
    explicitly; every employer ranks the applicants who chose it by a common quality plus its
    own taste. build_preferences() turns that into explicit lists of exactly 10 positions.

    Section "engine": internships.matching.deferred_acceptance on those lists (best of 3; the
    compiled version when pip install built it, and the pure-Python one beside it),
    against HospitalResident.solve(optimal="resident") of the `matching` package (PyPI, the
    test oracle) on the same lists (best of 3 up to 5,000 applicants, then best of 1);
    building the package's game is timed apart and not counted. Above 5,000 applicants the
    game is built without the package's input checks, which compare every hospital with every
    resident and alone take minutes; solve() is the same. The package runs in a child process
    that is stopped after --peer-timeout seconds. Also: proposals made, proposals per second,
    and whether both results are identical.

    Section "run": internships.matching.run() on the instance (preferences, matching,
    explanations, statistics, the independent check), best of 3, with build_preferences() and
    check() timed on their own.

How to run it
    .venv/bin/python bench/matching.py
    .venv/bin/python bench/matching.py --sizes 1000,5000 --seed 7 --peer-timeout 60

Exit code 1 when the two results differ or a run has violations. More sections can be added
to SECTIONS; each takes the parsed arguments.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

BENCH = Path(__file__).resolve().parent
# This file is called matching.py: take its folder off the path so that `import matching` finds
# the package from PyPI, and put the project root on it for `internships`.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))

from internships.matching import (  # noqa: E402
    UNMATCHED,
    Applicant,
    Instance,
    Position,
    Preferences,
    build_preferences,
    check,
    deferred_acceptance,
    deferred_acceptance_compiled,
    deferred_acceptance_python,
    run,
)

SIZES = (1_000, 5_000, 20_000)
CHOICES = 10
RANKED = 5
PLACES_PER_APPLICANT = 0.8
MEAN_CAPACITY = 2.5  # capacities are uniform in 1..4
PEER_TIMEOUT = 120.0  # seconds the package may take for one size, building included
PEER_CHECKED_UP_TO = 5_000  # above this, build the package's game without its input checks
INDUSTRIES = ("education", "tourism", "it", "manufacturing", "trade", "finance", "media", "hr")
JOB_TYPES = ("teaching", "translation", "sales", "marketing", "administration", "engineering")
POSITION_ID_BASE = 1_000_000  # position ids far from applicant ids catch mix-ups

T = TypeVar("T")


def make_instance(size: int, seed: int) -> Instance:
    """A seeded instance whose preferences give every applicant exactly CHOICES positions."""
    rng = random.Random(seed)
    n_positions = max(1, round(size * PLACES_PER_APPLICANT / MEAN_CAPACITY))
    choices = min(CHOICES, n_positions)
    weights = list(accumulate(rng.lognormvariate(0.0, 1.0) for _ in range(n_positions)))
    quality = [rng.gauss(0.0, 1.0) for _ in range(size)]
    chosen: list[list[int]] = []
    choosers: list[list[int]] = [[] for _ in range(n_positions)]
    for applicant in range(size):
        picked: list[int] = []
        while len(picked) < choices:
            for p in rng.choices(range(n_positions), cum_weights=weights, k=2 * choices):
                if p not in picked and len(picked) < choices:
                    picked.append(p)
        chosen.append(picked)
        for p in picked:
            choosers[p].append(applicant)
    positions = []
    for p in range(n_positions):
        taste = {a: quality[a] + rng.gauss(0.0, 0.5) for a in choosers[p]}
        positions.append(
            Position(
                id=POSITION_ID_BASE + p,
                capacity=rng.randint(1, 4),
                min_jlpt=rng.choice((0, 3, 4)),
                industry=rng.choice(INDUSTRIES),
                job_type=rng.choice(JOB_TYPES),
                employer_ranking=tuple(sorted(choosers[p], key=lambda a: -taste[a])),
            )
        )
    applicants = [
        Applicant(
            id=a,
            jlpt=rng.choice((4, 5)),  # all at least N2, so no minimum cuts a list short
            interview_score=round(rng.uniform(50, 100), 1),
            document_score=round(rng.uniform(50, 100), 1),
            years_on_jet=rng.randint(2, 5),
            ranked_positions=tuple(POSITION_ID_BASE + p for p in chosen[a][:RANKED]),
            industries=tuple(rng.sample(INDUSTRIES, 3)),
            job_types=frozenset(rng.sample(JOB_TYPES, 2)),
        )
        for a in range(size)
    ]
    return Instance(tuple(applicants), tuple(positions), seed)


def best_of(repeats: int, fn: Callable[[], T]) -> tuple[float, T]:
    """Fastest wall time of ``repeats`` calls, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


def proposals(prefs: Preferences, matches: Mapping[int, int | None]) -> int:
    """Proposals deferred acceptance made: each applicant proposes down their list, once per
    position, to their final match (or the end); unacceptable entries are skipped."""
    total = 0
    for applicant, listed in prefs.applicant_prefs.items():
        for position in listed:
            total += applicant in prefs.position_rank.get(position, {})
            if position == matches[applicant]:
                break
    return total


# ---------------------------------------------------------------------------------------------
# The `matching` package, in a child process so that it can be stopped
# ---------------------------------------------------------------------------------------------


@dataclass
class PeerTiming:
    build: float  # HospitalResident.create_from_dictionaries, fastest
    solve: float  # solve(optimal="resident"), fastest
    repeats: int
    checked: bool  # whether the package validated its input while building
    matches: dict[int, int | None]


def package_input(
    prefs: Preferences,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    """The package's dictionaries: only mutually acceptable pairs, no empty lists, no empty
    positions (the package crashes on a resident with an empty list or a zero capacity)."""
    hospitals = {p for p, c in prefs.capacities.items() if c > 0 and prefs.position_rank.get(p)}
    residents = {}
    for a, listed in prefs.applicant_prefs.items():
        mutual = [p for p in listed if p in hospitals and a in prefs.position_rank[p]]
        if mutual:
            residents[a] = mutual
    choosers: dict[int, set[int]] = {p: set() for p in hospitals}
    for a, listed in residents.items():
        for p in listed:
            choosers[p].add(a)
    hospital_prefs = {
        p: sorted(choosers[p], key=prefs.position_rank[p].__getitem__)
        for p in sorted(hospitals)
        if choosers[p]
    }
    capacities = {p: prefs.capacities[p] for p in hospital_prefs}
    return residents, hospital_prefs, capacities


def _peer_child(prefs: Preferences, repeats: int, checked: bool, connection: Any) -> None:
    from matching.games import HospitalResident  # the oracle, a dev dependency only

    class UncheckedHospitalResident(HospitalResident):
        """The same game and solve(), without the input checks run while building: they
        compare every hospital with every resident, minutes at 20,000 applicants. The
        checked build at the smaller sizes shows the same lists pass them."""

        def check_inputs(self) -> None:
            pass

    game_class = HospitalResident if checked else UncheckedHospitalResident
    game_input = package_input(prefs)
    builds, solves = [], []
    solution: dict[Any, list[Any]] = {}
    for _ in range(repeats):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning would mean our lists are not clean
            game = game_class.create_from_dictionaries(*game_input)
        builds.append(time.perf_counter() - start)
        start = time.perf_counter()
        solution = game.solve(optimal="resident")
        solves.append(time.perf_counter() - start)
    matches: dict[int, int | None] = dict.fromkeys(prefs.applicant_prefs)
    for hospital, residents in solution.items():
        for resident in residents:
            matches[resident.name] = hospital.name
    connection.send(PeerTiming(min(builds), min(solves), repeats, checked, matches))


def _peer_entry(prefs: Preferences, repeats: int, checked: bool, connection: Any) -> None:
    # The package deep-copies its linked player objects recursively: that needs a deep stack.
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    worker = threading.Thread(target=_peer_child, args=(prefs, repeats, checked, connection))
    worker.start()
    worker.join()


def time_peer(prefs: Preferences, repeats: int, checked: bool, timeout: float) -> PeerTiming | str:
    """The package's timing, or why there is none."""
    try:
        import matching  # noqa: F401
    except ImportError:
        return "not installed (pip install matching==1.4.3)"
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_peer_entry, args=(prefs, repeats, checked, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            return receiver.recv()
        return f"skipped: more than {timeout:.0f} s"
    except EOFError:
        return f"failed (exit code {child.exitcode})"
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True))


def _table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(c) for c in column) for column in zip(header, *rows, strict=True)]
    print(_row(header, widths))
    print(_row(["-" * w for w in widths], widths))
    for row in rows:
        print(_row(row, widths))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def section_engine(args: argparse.Namespace) -> bool:
    print("== engine: deferred_acceptance vs matching 1.4.3 HospitalResident (resident-optimal)")
    if deferred_acceptance_compiled is None:
        print("note: the compiled engine was not built, so 'engine' is the pure-Python one")
    rows, ok, notes = [], True, []
    for size in args.sizes:
        prefs = build_preferences(make_instance(size, args.seed))
        arguments = (prefs.applicant_prefs, prefs.position_rank, prefs.capacities)
        engine, ours = best_of(3, lambda arguments=arguments: deferred_acceptance(*arguments))
        python, theirs = best_of(3, lambda a=arguments: deferred_acceptance_python(*a))
        ok &= theirs == ours
        made = proposals(prefs, ours)
        repeats = 3 if size <= 5_000 else 1
        checked = size <= PEER_CHECKED_UP_TO
        peer = (
            time_peer(prefs, repeats, checked, args.peer_timeout)
            if args.peer
            else "not run (--no-peer)"
        )
        places = sum(prefs.capacities.values())
        lengths = {len(listed) for listed in prefs.applicant_prefs.values()}
        row = [
            f"{size:,}",
            f"{len(prefs.capacities):,}",
            f"{places:,}",
            "/".join(str(n) for n in sorted(lengths)),
            _ms(engine),
            _ms(python),
            f"{made:,}",
            f"{made / engine / 1e6:.2f} M/s",
        ]
        if isinstance(peer, PeerTiming):
            identical = peer.matches == ours
            ok &= identical
            if not peer.checked:
                notes.append(
                    f"* {size:,} applicants: the package's game was built without its input "
                    "checks (quadratic: minutes at this size); solve() is the same"
                )
            row += [
                f"{peer.solve:.3f} s (best of {peer.repeats})",
                f"{peer.build:.1f} s{'' if peer.checked else ' *'}",
                f"{peer.solve / engine:,.0f}x",
                f"{(peer.build + peer.solve) / engine:,.0f}x",
                "yes" if identical else "NO",
            ]
        else:
            row += ["-", "-", "-", "-", "-"]
            notes.append(f"{size:,} applicants: matching package {peer}")
        rows.append(row)
    _table(
        [
            "applicants",
            "positions",
            "places",
            "list len",
            "engine (best of 3)",
            "pure Python",
            "proposals",
            "proposals/s",
            "matching solve",
            "its build",
            "ratio (solve)",
            "ratio (build+solve)",
            "identical",
        ],
        rows,
    )
    for note in notes:
        print(f"note: {note}")
    print()
    return ok


def section_run(args: argparse.Namespace) -> bool:
    print("== run(): preferences + matching + explanations + statistics + independent check")
    rows, ok = [], True
    for size in args.sizes:
        instance = make_instance(size, args.seed)
        total, result = best_of(3, lambda instance=instance: run(instance))
        build, prefs = best_of(1, lambda instance=instance: build_preferences(instance))
        checking, violations = best_of(1, lambda p=prefs, m=result.matches: check(p, m))
        ok &= not result.violations and not violations
        unmatched = result.histogram[UNMATCHED]
        rows.append(
            [
                f"{size:,}",
                _ms(total),
                _ms(build),
                _ms(checking),
                f"{result.histogram.get(1, 0) / size:.0%}",
                f"{unmatched:,} ({unmatched / size:.0%})",
                str(len(result.violations)),
            ]
        )
    _table(
        [
            "applicants",
            "run() (best of 3)",
            "build_preferences",
            "check",
            "1st choice",
            "unmatched",
            "violations",
        ],
        rows,
    )
    print()
    return ok


def section_service(args: argparse.Namespace) -> bool:
    """The full service on PostgreSQL: load applications and positions, match, check, write."""
    if not args.service:
        return True
    size = f"{args.service_applicants:,} applicants, {args.service_positions:,} positions"
    print(f"== service: internships.services.run_matching on PostgreSQL ({size})")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import registration_rush as rush  # the database helpers of the other benchmark

    admin_url, name = rush.split_database_url(args.database_url)
    env = {
        "DJANGO_SETTINGS_MODULE": "jetcareer.settings",
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "bench-matching",
        "REDIS_URL": "",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
    }
    rush.create_database(admin_url, name)
    try:
        rush.migrate(env)
        rush.setup_django(env)
        return _service_run(args)
    finally:
        from django.db import connections

        connections.close_all()
        rush.drop_database(admin_url, name)


def _service_run(args: argparse.Namespace) -> bool:
    import time as clock
    from datetime import date

    from django.contrib.auth.hashers import make_password

    from employers.models import Employer
    from internships import services
    from internships.models import (
        Application,
        MatchRun,
        Period,
        Position,
        PositionChoice,
        Programme,
    )  # fmt: skip
    from jetcareer.accounts.models import User
    from participants.models import ParticipantProfile

    rng = random.Random(args.seed)
    started = clock.perf_counter()
    programme = Programme.objects.create(year=2027, slug="bench", title_en="Bench",
                                         title_ja="ベンチ", state="matching")  # fmt: skip
    period = Period.objects.create(programme=programme, starts_on=date(2027, 8, 23),
                                   ends_on=date(2027, 8, 27))  # fmt: skip
    employers = Employer.objects.bulk_create(
        [Employer(name_en=f"Host {i}", name_ja=f"受入{i}", slug=f"host-{i}", industry="it",
                  prefecture="13", status="verified") for i in range(args.service_positions)]
    )  # fmt: skip
    places = int(args.service_applicants * 0.8)
    positions = Position.objects.bulk_create(
        [Position(programme=programme, employer=e, period=period, title_en="Intern",
                  title_ja="インターン", industry=INDUSTRIES[i % len(INDUSTRIES)],
                  job_type=JOB_TYPES[i % len(JOB_TYPES)], prefecture="13",
                  capacity=max(1, places // args.service_positions + rng.randint(-2, 2)),
                  min_jlpt=rng.choice([0, 0, 3, 4]), status="approved")
         for i, e in enumerate(employers)]
    )  # fmt: skip
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(email=f"a{i}@bench.example", password=password)
         for i in range(args.service_applicants)]
    )  # fmt: skip
    profiles = ParticipantProfile.objects.bulk_create(
        [ParticipantProfile(user=u, full_name=f"Applicant {i}", status="current", position="ALT",
                            jlpt_level=rng.randint(1, 5), jet_start_date=date(2024, 8, 1))
         for i, u in enumerate(users)]
    )  # fmt: skip
    applications = Application.objects.bulk_create(
        [Application(programme=programme, participant=p, statement="-", supervisor_name="-",
                     paid_leave_confirmed=True, screening="passed",
                     industry_1=rng.choice(INDUSTRIES), job_types=[rng.choice(JOB_TYPES)],
                     document_score=rng.randint(1, 10), interview_score=rng.randint(1, 10))
         for p in profiles]
    )  # fmt: skip
    PositionChoice.objects.bulk_create(
        [PositionChoice(application=a, position=p, rank=r + 1)
         for a in applications for r, p in enumerate(rng.sample(positions, 5))]
    )  # fmt: skip
    prepared = clock.perf_counter() - started
    run = MatchRun.objects.create(programme=programme, seed=args.seed)
    started = clock.perf_counter()
    services.run_matching(run_id=run.pk)
    elapsed = clock.perf_counter() - started
    run.refresh_from_db()
    stats = run.statistics
    _table(
        ["applicants", "positions", "places", "matched", "1st choice", "violations",
         "data set-up", "run_matching (load + match + check + write)"],
        [[f"{stats['applicants']:,}", f"{stats['positions']:,}", f"{stats['places']:,}",
          f"{stats['matched']:,}", f"{stats['histogram'].get('1', 0):,}",
          str(len(run.violations)), f"{prepared:.1f} s", f"{elapsed:.2f} s"]],
    )  # fmt: skip
    print()
    return run.state == "done" and not run.violations


SECTIONS: list[Callable[[argparse.Namespace], bool]] = [
    section_engine,
    section_run,
    section_service,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=list(SIZES),
        help="comma-separated numbers of applicants (default: 1000,5000,20000)",
    )
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--peer-timeout", type=float, default=PEER_TIMEOUT)
    parser.add_argument("--no-peer", dest="peer", action="store_false")
    parser.add_argument("--no-service", dest="service", action="store_false",
                        help="skip the PostgreSQL service run")  # fmt: skip
    parser.add_argument("--service-applicants", type=int, default=6000)
    parser.add_argument("--service-positions", type=int, default=600)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/jetcareer_bench_matching"
    )
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, seed {args.seed}, sizes {args.sizes}\n")
    ok = True
    for section in SECTIONS:
        ok &= section(args)
    print("OK" if ok else "FAILED: results differ or a run has violations")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
