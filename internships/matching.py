"""Matching engine for the CLAIR internship programme: applicant-proposing deferred acceptance.

This module is pure Python over plain data and imports nothing from Django, so it can be tested,
benchmarked and reasoned about on its own; the service in ``internships/services.py`` loads the
data, calls :func:`run` and stores what it returns.

The problem
    Applicants rank positions; each position ranks the applicants it finds acceptable and has a
    number of places (its capacity). This is the hospitals/residents problem solved by the
    residency matches (NRMP in the US, JRMP in Japan).

The algorithm (Gale and Shapley 1962; Roth 1984 for capacities)
    Every free applicant proposes to the best position on their list that has not yet rejected
    them. A position holds on to its best ``capacity`` proposals so far and rejects the rest,
    including a held applicant who is pushed out by a better one. Nobody is placed for good
    until the end, hence "deferred" acceptance. Each applicant proposes to each position at most
    once, so the loop ends after at most (total length of all lists) proposals.

Why the result is stable
    Suppose applicant ``a`` prefers position ``p`` to what ``a`` got. Then ``a`` proposed to
    ``p`` earlier and ``p`` rejected ``a``, which only happens when ``p`` held ``capacity``
    applicants it ranks above ``a``. A position's held set only ever gets better, so at the end
    ``p`` is still full of applicants it prefers to ``a``: ``(a, p)`` cannot block.

Why it is applicant-optimal
    No applicant is ever rejected by a position that could be theirs in some stable matching
    (the classic induction on the first such rejection), so every applicant gets the best
    position they can have in any stable matching, all at once. The result is therefore unique:
    it does not depend on the order in which free applicants propose. Applicant-proposing
    deferred acceptance is also strategy-proof for applicants: nobody gains by ranking
    positions in any other order than their true one (Dubins and Freedman 1981, Roth 1982).

Preferences (DESIGN.md, "Matching")
    Only mutually acceptable pairs enter the lists: the applicant is eligible, has at least the
    position's minimum JLPT level and, when the employer submitted its own ranking, is on it.
    An applicant's list is their explicitly ranked positions (in their order), then every other
    acceptable position ordered by the applicant's industry order, then job type, then a lot
    from a seeded random stream of the applicant's own. A position ranks by JLPT level,
    interview score, document score, years on JET and a seeded lottery, unless the employer
    ranked the applicants itself. All randomness comes from ``Instance.seed`` and the ids, never
    from the order of the rows, so a run is reproducible from its stored input.

Every run is checked by :func:`check`, written separately from the algorithm, before the service
may publish it.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

MAX_RANKED_POSITIONS = 5
MAX_INDUSTRIES = 3
JLPT_LEVELS = range(6)  # 0 = none, 1 = N5 ... 5 = N1, as jetcareer.choices.JLPTLevel

# Reason codes for explanations. Plain strings so the Django layer can translate them.
FULL = "full"
MIN_JLPT = "min_jlpt"
NOT_RANKED_BY_EMPLOYER = "not_ranked_by_employer"
INELIGIBLE = "ineligible"
ZERO_CAPACITY = "zero_capacity"

UNMATCHED = "unmatched"  # histogram key for applicants without a position


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """One applicant as the engine sees them; sequences are normalised to tuples/frozensets."""

    id: int
    jlpt: int
    interview_score: float | None = None
    document_score: float | None = None
    years_on_jet: int = 0
    ranked_positions: tuple[int, ...] = ()
    industries: tuple[str, ...] = ()
    job_types: frozenset[str] = frozenset()
    eligible: bool = True

    def __post_init__(self) -> None:
        # Accept lists and sets from callers, but store hashable, ordered values.
        object.__setattr__(self, "ranked_positions", tuple(self.ranked_positions))
        object.__setattr__(self, "industries", tuple(self.industries))
        object.__setattr__(self, "job_types", frozenset(self.job_types))
        # 8 and 8.0 must give the same input digest.
        object.__setattr__(self, "interview_score", _score(self.interview_score, self.id))
        object.__setattr__(self, "document_score", _score(self.document_score, self.id))
        if self.jlpt not in JLPT_LEVELS:
            raise ValueError(f"applicant {self.id}: JLPT level {self.jlpt} is not in 0..5")
        if len(self.ranked_positions) > MAX_RANKED_POSITIONS:
            raise ValueError(f"applicant {self.id}: more than {MAX_RANKED_POSITIONS} positions")
        if len(set(self.ranked_positions)) != len(self.ranked_positions):
            raise ValueError(f"applicant {self.id}: a position is ranked twice")
        if len(self.industries) > MAX_INDUSTRIES:
            raise ValueError(f"applicant {self.id}: more than {MAX_INDUSTRIES} industries")


@dataclass(frozen=True)
class Position:
    """One internship position; ``employer_ranking`` replaces the score-based ranking."""

    id: int
    capacity: int
    min_jlpt: int = 0
    industry: str = ""
    job_type: str = ""
    employer_ranking: tuple[int, ...] | None = None
    _ranked: frozenset[int] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.employer_ranking is not None:
            ranking = tuple(self.employer_ranking)
            if len(set(ranking)) != len(ranking):
                raise ValueError(f"position {self.id}: employer ranks an applicant twice")
            object.__setattr__(self, "employer_ranking", ranking)
            object.__setattr__(self, "_ranked", frozenset(ranking))  # O(1) membership
        if self.capacity < 0:
            raise ValueError(f"position {self.id}: capacity {self.capacity} is negative")

    def employer_accepts(self, applicant_id: int) -> bool:
        """False only when the employer submitted a ranking that leaves this applicant out."""
        return self._ranked is None or applicant_id in self._ranked


@dataclass(frozen=True)
class Instance:
    """Everything a run depends on. The same instance always gives the same result."""

    applicants: tuple[Applicant, ...]
    positions: tuple[Position, ...]
    seed: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "applicants", tuple(self.applicants))
        object.__setattr__(self, "positions", tuple(self.positions))
        applicant_ids = {a.id for a in self.applicants}
        position_ids = {p.id for p in self.positions}
        if len(applicant_ids) != len(self.applicants):
            raise ValueError("two applicants share an id")
        if len(position_ids) != len(self.positions):
            raise ValueError("two positions share an id")
        for a in self.applicants:
            unknown = set(a.ranked_positions) - position_ids
            if unknown:
                raise ValueError(f"applicant {a.id} ranks unknown positions {sorted(unknown)}")
        for p in self.positions:
            unknown = set(p.employer_ranking or ()) - applicant_ids
            if unknown:
                raise ValueError(f"position {p.id} ranks unknown applicants {sorted(unknown)}")


def _score(value: float | None, applicant_id: int) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"applicant {applicant_id}: score {value} is not a finite number")
    return value


# --------------------------------------------------------------------------------------------
# Preferences
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    """Explicit, mutually acceptable preferences: the input of :func:`deferred_acceptance`.

    ``applicant_prefs[a]`` lists position ids, best first. ``position_rank[p]`` maps each
    applicant acceptable to ``p`` to its rank there (0 is best). A pair appears on one side
    exactly when it appears on the other. Positions with the same minimum JLPT and no employer
    ranking share one rank dict, so treat the dicts as read-only.
    """

    applicant_prefs: dict[int, tuple[int, ...]]
    position_rank: dict[int, dict[int, int]]
    capacities: dict[int, int]

    def ranked_applicants(self, position_id: int) -> tuple[int, ...]:
        """The applicants ``position_id`` accepts, best first."""
        ranks = self.position_rank[position_id]
        return tuple(sorted(ranks, key=ranks.__getitem__))


def lottery(seed: int, applicant_ids: Sequence[int]) -> dict[int, int]:
    """Each applicant's lottery number (0 wins): a ``random.Random(seed)`` shuffle of sorted ids.

    Depending only on the seed and the set of ids makes the draw reproducible from the stored
    run, whatever order the database returned the rows in. One draw serves every position
    (single tie-breaking), which leaves fewer applicants unmatched than a draw per position.
    """
    order = sorted(applicant_ids)
    # Not for secrets: the draw must be reproducible from the seed the run stores.
    random.Random(seed).shuffle(order)  # noqa: S311
    return {applicant_id: number for number, applicant_id in enumerate(order)}


def _score_key(applicant: Applicant, draw: dict[int, int]) -> tuple[Any, ...]:
    """Sort key of the score-based ranking; smaller is better, missing scores come last."""
    return (
        -applicant.jlpt,
        *_desc_none_last(applicant.interview_score),
        *_desc_none_last(applicant.document_score),
        -applicant.years_on_jet,
        draw[applicant.id],
    )


def _desc_none_last(score: float | None) -> tuple[bool, float]:
    return (score is None, 0.0 if score is None else -score)


def _position_orders(instance: Instance) -> dict[int, list[int]]:
    """Each position's acceptable applicants, best first: this is where mutual acceptability
    (eligible, JLPT at least the minimum, on the employer's ranking if any) is decided."""
    by_id = {a.id: a for a in instance.applicants}
    draw = lottery(instance.seed, list(by_id))
    # One global score order; sorted by JLPT first, so "JLPT at least m" is a prefix of it.
    scored = sorted(
        (a for a in instance.applicants if a.eligible), key=lambda a: _score_key(a, draw)
    )
    ascending_jlpt = [-a.jlpt for a in scored]
    orders: dict[int, list[int]] = {}
    for p in instance.positions:
        if p.employer_ranking is None:
            cut = bisect_right(ascending_jlpt, -p.min_jlpt)
            orders[p.id] = [a.id for a in scored[:cut]]
        else:
            # by_id[i].id, not i: one int object per id makes dict lookups identity hits.
            ranked = (by_id[i] for i in p.employer_ranking)
            orders[p.id] = [a.id for a in ranked if a.eligible and a.jlpt >= p.min_jlpt]
    return orders


def _applicant_list(
    applicant: Applicant,
    acceptable: list[int],
    positions: Mapping[int, Position],
    group_of: Mapping[int, tuple[str, str]],
    seed: int,
) -> tuple[int, ...]:
    """Explicit ranking first, then every other acceptable position by industry, job type, lot.

    Applicants name a few positions but may be acceptable to hundreds, so this runs for millions
    of pairs in a large programme: the order of the rest is one float per position, the rank of
    its (industry, job type) group plus half a lot in [0, 1), so groups never mix and one sort
    on plain floats does it.
    """
    accepted = set(acceptable)
    ranked = [positions[p].id for p in applicant.ranked_positions if p in accepted]
    rest = sorted(accepted.difference(ranked))
    if len(rest) < 2:
        return (*ranked, *rest)
    industries = applicant.industries
    group_rank = {}
    for industry, job_type in {group_of[p] for p in rest}:
        # Unlisted industries after the listed ones; within an industry, wanted job types first.
        industry_rank = industries.index(industry) if industry in industries else len(industries)
        group_rank[industry, job_type] = 2 * industry_rank + (job_type not in applicant.job_types)
    draw = _tie_breaker(seed, applicant.id).random
    key = {p: group_rank[group_of[p]] + 0.5 * draw() for p in rest}  # lots drawn in id order
    rest.sort(key=key.__getitem__)
    return (*ranked, *rest)


def _tie_breaker(seed: int, applicant_id: int) -> random.Random:
    """The seeded random stream that breaks one applicant's ties between positions.

    Its seed is a hash of the run's seed and the applicant's id, so every applicant draws their
    own lots (ties between the same two positions fall either way across applicants, which
    spreads demand) and a run is reproducible from its stored seed. ``random()`` of a seeded
    ``random.Random`` is one of the two things Python promises to keep the same across versions.
    """
    digest = hashlib.blake2b(b"%d:%d" % (seed, applicant_id), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311 - reproducible, not secret


def build_preferences(instance: Instance) -> Preferences:
    """Cut both sides to mutually acceptable pairs and order them as DESIGN.md says."""
    orders = _position_orders(instance)
    shared: dict[tuple[int, ...], dict[int, int]] = {}  # identical orders share one rank dict
    position_rank: dict[int, dict[int, int]] = {}
    acceptable_to: dict[int, list[int]] = defaultdict(list)
    for position_id, order in orders.items():
        key = tuple(order)
        if key not in shared:
            shared[key] = {a: rank for rank, a in enumerate(order)}
        position_rank[position_id] = shared[key]
        for applicant_id in order:
            acceptable_to[applicant_id].append(position_id)
    positions = {p.id: p for p in instance.positions}
    group_of = {p.id: (p.industry, p.job_type) for p in instance.positions}
    applicant_prefs = {
        a.id: _applicant_list(a, acceptable_to.get(a.id, []), positions, group_of, instance.seed)
        for a in instance.applicants
    }
    capacities = {p.id: p.capacity for p in instance.positions}
    return Preferences(applicant_prefs, position_rank, capacities)


# --------------------------------------------------------------------------------------------
# The algorithm
# --------------------------------------------------------------------------------------------

_FREE = math.inf  # an empty place: any applicant beats it
_NO_PLACES = (-math.inf,)  # a zero-capacity position: nobody beats it


def deferred_acceptance(
    applicant_prefs: Mapping[int, Sequence[int]],
    position_rank: Mapping[int, Mapping[int, int]],
    capacities: Mapping[int, int],
) -> dict[int, int | None]:
    """Applicant-optimal stable matching of explicit preferences.

    ``applicant_prefs`` maps an applicant id to position ids, best first, each at most once;
    ``position_rank`` maps a position id to ``{applicant id: rank}``, lower is better, ranks
    distinct integers within a position; every listed position must be in ``capacities``. A
    proposal to a position that does not rank the applicant counts as a rejection, so the lists
    need not be cut to mutually acceptable pairs first. Returns every applicant's position id,
    or None.

    Runs the compiled version (``_deferred_acceptance.pyx``, three times faster) when it was
    built at install time, else :func:`deferred_acceptance_python`; both give the same result.
    """
    return _fastest(applicant_prefs, position_rank, capacities)


def deferred_acceptance_python(
    applicant_prefs: Mapping[int, Sequence[int]],
    position_rank: Mapping[int, Mapping[int, int]],
    capacities: Mapping[int, int],
) -> dict[int, int | None]:
    """The algorithm in plain Python: the reference the compiled version is tested against.

    How it is fast (measured with bench/matching.py; the time goes on memory lookups, so what
    counts is touching as little as possible):

    * Work is proportional to the proposals made, not to the length of the lists: a rank is
      looked up only when a proposal is made. Translating every list entry to integer indices
      and ranks up front, then running on lists, heaps, a free stack and pointers, measured
      2.5 times slower, because most list entries are never proposed to.
    * A position's state is one tuple behind one dict lookup: its rank dict, the ranks it
      holds and who holds them. The held ranks are a list sorted worst first and padded with
      free places (``inf``), so "is there a free place, or is this applicant better than the
      worst held?" is a single comparison with ``held[0]``. Accepting replaces ``held[0]``
      and re-sorts ``capacity`` entries: as fast as a heap at these capacities, and no
      negated keys.
    * The stack of free applicants is implicit (McVitie and Wilson 1971): an applicant who is
      let go proposes next, resuming right after the position that let them go, so no
      per-applicant pointer is kept. The applicant-optimal result is unique, so this order
      does not change it.
    """
    no_ranks: dict[int, int] = {}
    state = {
        position_id: (
            position_rank.get(position_id, no_ranks),
            [_FREE] * capacity if capacity > 0 else list(_NO_PLACES),
            {},  # rank -> id of the applicant holding it
        )
        for position_id, capacity in capacities.items()
    }
    try:
        for applicant_id, choices in applicant_prefs.items():
            while True:
                for position_id in choices:
                    ranks, held, holders = state[position_id]
                    try:
                        rank = ranks[applicant_id]
                    except KeyError:  # the position does not accept this applicant
                        continue
                    if rank < held[0]:
                        break
                else:
                    break  # rejected everywhere: stays unmatched
                worst = held[0]
                held[0] = rank
                held.sort(reverse=True)
                holders[rank] = applicant_id
                if worst is _FREE:
                    break  # took a free place, nobody is let go
                # The worst held applicant is let go and proposes next, after this position.
                applicant_id = holders.pop(worst)
                choices = applicant_prefs[applicant_id]
                choices = choices[choices.index(position_id) + 1 :]
    except KeyError as error:
        raise ValueError(f"an applicant lists unknown position {error.args[0]!r}") from None
    matches: dict[int, int | None] = dict.fromkeys(applicant_prefs)
    for position_id, (_ranks, _held, holders) in state.items():
        for applicant_id in holders.values():
            matches[applicant_id] = position_id
    return matches


try:  # built by pip install when a C compiler is present; see pyproject.toml
    from internships._deferred_acceptance import (
        deferred_acceptance as deferred_acceptance_compiled,
    )
except ImportError:  # pragma: no cover - the install had no compiler
    deferred_acceptance_compiled = None

_fastest = deferred_acceptance_compiled or deferred_acceptance_python


# --------------------------------------------------------------------------------------------
# Independent check
# --------------------------------------------------------------------------------------------


def check(source: Instance | Preferences, matches: Mapping[int, int | None]) -> list[str]:
    """Every reason ``matches`` may not be published; empty when it is valid and stable.

    Written apart from :func:`deferred_acceptance` and sharing nothing with it but the input:
    plain sets and counts, and the textbook definition of a blocking pair. Given an
    :class:`Instance`, it also re-checks each match against the raw eligibility, JLPT and
    employer-ranking rules, so a mistake in :func:`build_preferences` is caught too.
    """
    if isinstance(source, Instance):
        return _check_raw_acceptability(source, matches) + _check_against(
            build_preferences(source), matches
        )
    return _check_against(source, matches)


def _check_raw_acceptability(instance: Instance, matches: Mapping[int, int | None]) -> list[str]:
    applicants = {a.id: a for a in instance.applicants}
    positions = {p.id: p for p in instance.positions}
    problems = []
    for applicant_id, position_id in matches.items():
        if position_id is None or applicant_id not in applicants or position_id not in positions:
            continue  # unknown ids are reported by _check_against
        applicant, position = applicants[applicant_id], positions[position_id]
        if not applicant.eligible:
            problems.append(f"applicant {applicant_id} is not eligible but has {position_id}")
        if applicant.jlpt < position.min_jlpt:
            problems.append(
                f"applicant {applicant_id} has JLPT {applicant.jlpt}, below the minimum "
                f"{position.min_jlpt} of position {position_id}"
            )
        if not position.employer_accepts(applicant_id):
            problems.append(
                f"applicant {applicant_id} has position {position_id}, whose employer did not "
                "rank them"
            )
    return problems


def _check_against(prefs: Preferences, matches: Mapping[int, int | None]) -> list[str]:
    problems: list[str] = []
    for applicant_id in matches.keys() - prefs.applicant_prefs.keys():
        problems.append(f"unknown applicant {applicant_id} in the matches")
    for applicant_id in prefs.applicant_prefs.keys() - matches.keys():
        problems.append(f"applicant {applicant_id} is missing from the matches")

    holders: dict[int, set[int]] = defaultdict(set)
    for applicant_id, position_id in matches.items():
        if position_id is None:
            continue
        if position_id not in prefs.capacities:
            problems.append(f"applicant {applicant_id} has unknown position {position_id}")
            continue
        holders[position_id].add(applicant_id)
        if position_id not in prefs.applicant_prefs.get(applicant_id, ()):
            problems.append(
                f"applicant {applicant_id} has position {position_id}, which is not on their list"
            )
        if applicant_id not in prefs.position_rank.get(position_id, {}):
            problems.append(
                f"applicant {applicant_id} has position {position_id}, which does not accept them"
            )

    for position_id, held in holders.items():
        if len(held) > prefs.capacities[position_id]:
            problems.append(
                f"position {position_id} has {len(held)} applicants for "
                f"{prefs.capacities[position_id]} places"
            )

    # (a, p) is a blocking pair when p accepts a, a prefers p to their match, and p has a free
    # place or holds someone it ranks below a, that is, when a ranks above p's worst holder.
    # Working out each position's free places and worst holder once makes every pair O(1).
    free_places: dict[int, int] = {}
    worst_held: dict[int, tuple[float, int]] = {}
    for position_id, capacity in prefs.capacities.items():
        held = holders.get(position_id, set())
        ranks = prefs.position_rank.get(position_id, {})
        free_places[position_id] = capacity - len(held)
        if held:  # a holder the position does not even accept counts as the worst
            worst_held[position_id] = max((ranks.get(h, math.inf), h) for h in held)

    for applicant_id, listed in prefs.applicant_prefs.items():
        current = matches.get(applicant_id)
        has = "is unmatched" if current is None else f"has position {current}"
        for position_id in listed:
            if position_id == current:
                break  # only positions the applicant prefers to their match can block
            rank = prefs.position_rank.get(position_id, {}).get(applicant_id)
            if rank is None:
                continue  # the position does not accept them
            free = free_places.get(position_id, 0)
            if free > 0:
                capacity = prefs.capacities[position_id]
                problems.append(
                    f"blocking pair: applicant {applicant_id} {has} but prefers position "
                    f"{position_id}, which has a free place ({capacity - free} of {capacity} "
                    "filled)"
                )
            elif position_id in worst_held and worst_held[position_id][0] > rank:
                problems.append(
                    f"blocking pair: applicant {applicant_id} {has} but prefers position "
                    f"{position_id}, which ranks them above its applicant "
                    f"{worst_held[position_id][1]}"
                )
    return problems


# --------------------------------------------------------------------------------------------
# Run: matching, explanations, statistics
# --------------------------------------------------------------------------------------------


class Explanation(NamedTuple):
    """Why an applicant did not get a position they preferred to their match."""

    position_id: int
    reason: str  # one of FULL, MIN_JLPT, NOT_RANKED_BY_EMPLOYER, INELIGIBLE, ZERO_CAPACITY
    params: dict[str, Any]


@dataclass(frozen=True)
class Result:
    """A checked run; publishable only when ``violations`` is empty."""

    matches: dict[int, int | None]
    choice_number: dict[int, int | None]  # 1-based, in the applicant's full list
    explanations: dict[int, list[Explanation]]
    fill: dict[int, tuple[int, int]]  # position id -> (filled, capacity)
    histogram: dict[int | str, int]  # choice number -> applicants, and UNMATCHED -> applicants
    input_digest: str
    violations: list[str]
    preferences: Preferences = field(repr=False)


def run(instance: Instance) -> Result:
    """Build preferences, match, explain, count and check one instance."""
    prefs = build_preferences(instance)
    matches = deferred_acceptance(prefs.applicant_prefs, prefs.position_rank, prefs.capacities)
    choice_number = {
        a: None if p is None else prefs.applicant_prefs[a].index(p) + 1 for a, p in matches.items()
    }
    positions = {p.id: p for p in instance.positions}
    not_placed = {p.id: _why_not_placed(p) for p in instance.positions}  # shared, read-only
    explanations = {
        a.id: _explain(a, prefs.applicant_prefs[a.id], matches[a.id], positions, not_placed)
        for a in instance.applicants
    }
    filled = Counter(p for p in matches.values() if p is not None)
    fill = {p.id: (filled[p.id], p.capacity) for p in instance.positions}
    counts = Counter(choice_number.values())
    histogram: dict[int | str, int] = {n: counts[n] for n in sorted(k for k in counts if k)}
    histogram[UNMATCHED] = counts[None]
    violations = _check_raw_acceptability(instance, matches) + _check_against(prefs, matches)
    return Result(
        matches=matches,
        choice_number=choice_number,
        explanations=explanations,
        fill=fill,
        histogram=histogram,
        input_digest=digest(instance),
        violations=violations,
        preferences=prefs,
    )


def _explain(
    applicant: Applicant,
    listed: tuple[int, ...],
    match: int | None,
    positions: Mapping[int, Position],
    not_placed: Mapping[int, Explanation],
) -> list[Explanation]:
    """Explicitly ranked positions in the applicant's order, then the other preferred ones."""
    better = listed[: listed.index(match)] if match is not None else listed
    # build_preferences() puts the acceptable ranked positions first, so looking at as many
    # entries as the applicant ranked is enough, however long the whole list is.
    head = len(applicant.ranked_positions)
    on_list, better_set = set(listed[:head]), set(better[:head])
    out = []
    for position_id in applicant.ranked_positions:
        if position_id not in on_list:
            out.append(_why_unacceptable(applicant, positions[position_id]))
        elif position_id in better_set:
            out.append(not_placed[position_id])
    ranked = set(applicant.ranked_positions)
    out.extend(not_placed[p] for p in better if p not in ranked)
    return out


def _why_not_placed(position: Position) -> Explanation:
    # By stability, an acceptable position the applicant preferred is full of applicants it
    # ranks higher; check() verifies exactly that before a run is published.
    if position.capacity == 0:
        return Explanation(position.id, ZERO_CAPACITY, {})
    return Explanation(position.id, FULL, {"capacity": position.capacity})


def _why_unacceptable(applicant: Applicant, position: Position) -> Explanation:
    if not applicant.eligible:
        return Explanation(position.id, INELIGIBLE, {})
    if applicant.jlpt < position.min_jlpt:
        return Explanation(
            position.id, MIN_JLPT, {"required": position.min_jlpt, "yours": applicant.jlpt}
        )
    if not position.employer_accepts(applicant.id):
        return Explanation(position.id, NOT_RANKED_BY_EMPLOYER, {})
    raise RuntimeError(f"position {position.id} is acceptable to applicant {applicant.id}")


def digest(instance: Instance) -> str:
    """SHA-256 of a canonical JSON of the instance: rows sorted by id, sets sorted, the seed."""
    document = {
        # Bump when the rules that turn an instance into preferences change, so that an equal
        # digest always means an equal result.
        "rules": 2,  # 2: ties between positions broken by one seeded stream per applicant
        "seed": instance.seed,
        "applicants": [
            {
                "id": a.id,
                "jlpt": a.jlpt,
                "interview_score": a.interview_score,
                "document_score": a.document_score,
                "years_on_jet": a.years_on_jet,
                "ranked_positions": list(a.ranked_positions),
                "industries": list(a.industries),
                "job_types": sorted(a.job_types),
                "eligible": a.eligible,
            }
            for a in sorted(instance.applicants, key=lambda a: a.id)
        ],
        "positions": [
            {
                "id": p.id,
                "capacity": p.capacity,
                "min_jlpt": p.min_jlpt,
                "industry": p.industry,
                "job_type": p.job_type,
                "employer_ranking": (
                    None if p.employer_ranking is None else list(p.employer_ranking)
                ),
            }
            for p in sorted(instance.positions, key=lambda p: p.id)
        ],
    }
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
