"""The matching engine: hand-made cases, properties on random instances, and the PyPI oracle."""

from __future__ import annotations

import itertools
import os
import random
import sys
import warnings
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internships import matching as matching_module
from internships.matching import (
    FULL,
    INELIGIBLE,
    MIN_JLPT,
    NOT_RANKED_BY_EMPLOYER,
    UNMATCHED,
    ZERO_CAPACITY,
    Applicant,
    Explanation,
    Instance,
    Position,
    Preferences,
    build_preferences,
    check,
    deferred_acceptance,
    deferred_acceptance_compiled,
    deferred_acceptance_python,
    digest,
    lottery,
    run,
)

DeferredAcceptance = Callable[..., dict]

# Deterministic examples and no example database, so a run here never writes to the repository.
PROPERTIES = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],  # shared CI machines can be slow
)
INDUSTRIES = ("it", "tourism", "education", "finance")
JOB_TYPES = ("sales", "engineering", "translation")


def applicant(applicant_id: int, **fields: object) -> Applicant:
    """An eligible N2 applicant with no preferences unless the test says otherwise."""
    return Applicant(**{"id": applicant_id, "jlpt": 4, **fields})  # type: ignore[arg-type]


def position(position_id: int, **fields: object) -> Position:
    return Position(**{"id": position_id, "capacity": 1, **fields})  # type: ignore[arg-type]


def instance(applicants: list[Applicant], positions: list[Position], seed: int = 0) -> Instance:
    return Instance(tuple(applicants), tuple(positions), seed)


# ---------------------------------------------------------------------------------------------
# Hand-made cases
# ---------------------------------------------------------------------------------------------


def test_full_first_choice_sends_applicant_to_next_choice_and_says_why() -> None:
    # Both want 10 first; 10 ranks the N1 applicant higher, so the N2 applicant gets 20.
    result = run(
        instance(
            [
                applicant(1, jlpt=5, ranked_positions=(10, 20)),
                applicant(2, jlpt=4, ranked_positions=(10, 20)),
            ],
            [position(10), position(20)],
        )
    )
    assert result.matches == {1: 10, 2: 20}
    assert result.choice_number == {1: 1, 2: 2}
    assert result.explanations[1] == []
    assert result.explanations[2] == [Explanation(10, FULL, {"capacity": 1})]
    assert result.violations == []


def test_below_minimum_jlpt_is_not_matched_and_told_the_levels() -> None:
    result = run(
        instance(
            [applicant(1, jlpt=3, ranked_positions=(10, 20))],
            [position(10, min_jlpt=4), position(20)],
        )
    )
    assert result.matches == {1: 20}
    assert result.choice_number == {1: 1}  # 10 is not on the list at all
    assert result.preferences.applicant_prefs[1] == (20,)
    assert result.explanations[1] == [Explanation(10, MIN_JLPT, {"required": 4, "yours": 3})]


def test_explicitly_ranked_positions_come_before_industry_derived_ones() -> None:
    prefs = build_preferences(
        instance(
            [applicant(1, ranked_positions=(30,), industries=("it",))],
            [position(10, industry="it"), position(30, industry="finance")],
        )
    )
    assert prefs.applicant_prefs[1] == (30, 10)


def test_remaining_positions_follow_industry_order_then_job_type() -> None:
    positions = [
        position(1, industry="it", job_type="sales"),
        position(2, industry="tourism", job_type="engineering"),
        position(3, industry="tourism", job_type="sales"),
        position(4, industry="finance", job_type="sales"),
        position(5, industry="finance", job_type="engineering"),
    ]
    chooser = applicant(1, industries=("tourism", "it"), job_types=frozenset({"sales"}))
    for seed in range(5):  # the order is fully decided here, whatever the seed
        prefs = build_preferences(instance([chooser], positions, seed))
        # tourism (sales before engineering), then it, then unlisted finance (sales first)
        assert prefs.applicant_prefs[1] == (3, 2, 1, 4, 5)


def test_applicant_without_any_preference_still_gets_every_acceptable_position() -> None:
    positions = [position(i, min_jlpt=5 if i == 4 else 0) for i in range(1, 7)]
    prefs = build_preferences(instance([applicant(1, jlpt=4)], positions, seed=3))
    assert sorted(prefs.applicant_prefs[1]) == [1, 2, 3, 5, 6]
    orders = {
        build_preferences(instance([applicant(1, jlpt=4)], positions, seed)).applicant_prefs[1]
        for seed in range(10)
    }
    assert len(orders) > 1  # the order is the seeded tie-break


def test_a_new_position_does_not_reshuffle_the_other_ties() -> None:
    chooser = applicant(1)
    before = build_preferences(instance([chooser], [position(i) for i in range(1, 9)], seed=5))
    after = build_preferences(instance([chooser], [position(i) for i in range(1, 10)], seed=5))
    assert [p for p in after.applicant_prefs[1] if p != 9] == list(before.applicant_prefs[1])


def test_score_ranking_uses_jlpt_interview_documents_years_then_lottery() -> None:
    applicants = [
        applicant(1, jlpt=4, interview_score=9.0, document_score=1.0, years_on_jet=1),
        applicant(2, jlpt=5, interview_score=None, document_score=None, years_on_jet=1),
        applicant(3, jlpt=4, interview_score=None, document_score=9.0, years_on_jet=9),
        applicant(4, jlpt=4, interview_score=9.0, document_score=2.0, years_on_jet=1),
        applicant(5, jlpt=4, interview_score=9.0, document_score=2.0, years_on_jet=2),
        applicant(6, jlpt=4, interview_score=5.0, document_score=None, years_on_jet=1),
    ]
    prefs = build_preferences(instance(applicants, [position(10)]))
    # N1 first; then interview 9 (documents 2 before 1, more years first), 5, missing last.
    assert prefs.ranked_applicants(10) == (2, 5, 4, 1, 6, 3)


def test_lottery_breaks_exact_ties_from_seed_and_sorted_ids() -> None:
    twins = [applicant(i) for i in (3, 1, 2)]
    prefs = build_preferences(instance(twins, [position(10)], seed=42))
    draw = lottery(42, [1, 2, 3])
    assert prefs.ranked_applicants(10) == tuple(sorted((1, 2, 3), key=draw.__getitem__))
    assert lottery(42, [3, 2, 1]) == draw  # the order ids arrive in does not matter


def test_employer_ranking_replaces_the_score_ranking() -> None:
    result = run(
        instance(
            [
                applicant(1, jlpt=5, ranked_positions=(10,)),
                applicant(2, jlpt=4, ranked_positions=(10,)),
                applicant(3, jlpt=5, ranked_positions=(10,)),
            ],
            [position(10, employer_ranking=(2, 1))],
        )
    )
    assert result.preferences.ranked_applicants(10) == (2, 1)
    assert result.matches == {1: None, 2: 10, 3: None}
    assert result.explanations[1] == [Explanation(10, FULL, {"capacity": 1})]
    assert result.explanations[3] == [Explanation(10, NOT_RANKED_BY_EMPLOYER, {})]


def test_employer_ranking_still_needs_minimum_jlpt_and_eligibility() -> None:
    result = run(
        instance(
            [
                applicant(1, jlpt=3, ranked_positions=(10,)),
                applicant(2, eligible=False, ranked_positions=(10,)),
            ],
            [position(10, capacity=2, min_jlpt=4, employer_ranking=(1, 2))],
        )
    )
    assert result.matches == {1: None, 2: None}
    assert result.explanations[1] == [Explanation(10, MIN_JLPT, {"required": 4, "yours": 3})]
    assert result.explanations[2] == [Explanation(10, INELIGIBLE, {})]


def test_zero_capacity_position_takes_nobody_and_says_so() -> None:
    result = run(
        instance(
            [applicant(1, ranked_positions=(10, 20))],
            [position(10, capacity=0), position(20)],
        )
    )
    assert result.matches == {1: 20}
    assert result.choice_number == {1: 2}
    assert result.explanations[1] == [Explanation(10, ZERO_CAPACITY, {})]
    assert result.fill == {10: (0, 0), 20: (1, 1)}


def test_ineligible_applicant_gets_nothing() -> None:
    result = run(
        instance(
            [applicant(1, eligible=False, ranked_positions=(10,), industries=("it",))],
            [position(10, industry="it", capacity=3), position(20, industry="it")],
        )
    )
    assert result.matches == {1: None}
    assert result.preferences.applicant_prefs[1] == ()
    assert all(1 not in ranks for ranks in result.preferences.position_rank.values())
    assert result.explanations[1] == [Explanation(10, INELIGIBLE, {})]
    assert result.histogram == {UNMATCHED: 1}


def test_unmatched_applicant_is_told_about_every_position_on_their_list() -> None:
    result = run(
        instance(
            [
                applicant(1, jlpt=5, industries=("it",)),
                applicant(2, jlpt=4, ranked_positions=(20,), industries=("it",)),
            ],
            [position(10, industry="it"), position(20, industry="it", capacity=0)],
        )
    )
    assert result.matches == {1: 10, 2: None}
    assert result.explanations[2] == [
        Explanation(20, ZERO_CAPACITY, {}),
        Explanation(10, FULL, {"capacity": 1}),
    ]


def test_histogram_and_fill() -> None:
    # Three applicants want 10 (2 places), the third gets 20; nobody can take 30's second place.
    result = run(
        instance(
            [
                applicant(1, jlpt=5, ranked_positions=(10, 20)),
                applicant(2, jlpt=4, interview_score=2.0, ranked_positions=(10, 20)),
                applicant(3, jlpt=4, interview_score=1.0, ranked_positions=(10, 20)),
                applicant(4, jlpt=2, ranked_positions=(30,)),
                applicant(5, jlpt=1, ranked_positions=(40,)),
            ],
            [
                position(10, capacity=2),
                position(20),
                position(30, capacity=2, min_jlpt=2),
                position(40, min_jlpt=3),
            ],
        )
    )
    assert result.matches == {1: 10, 2: 10, 3: 20, 4: 30, 5: None}
    assert result.fill == {10: (2, 2), 20: (1, 1), 30: (1, 2), 40: (0, 1)}
    assert result.histogram == {1: 3, 2: 1, UNMATCHED: 1}


def test_same_seed_same_result_and_another_seed_another_lottery() -> None:
    # Twenty identical applicants for one place: only the lottery decides.
    twins = [applicant(i, ranked_positions=(10,)) for i in range(1, 21)]
    same = instance(twins, [position(10)], seed=7)
    first, second = run(same), run(instance(list(reversed(twins)), [position(10)], seed=7))
    assert first.matches == second.matches
    assert first.input_digest == second.input_digest == digest(same)
    winners = {
        next(a for a, p in run(instance(twins, [position(10)], seed)).matches.items() if p)
        for seed in range(10)
    }
    assert len(winners) > 1


def test_digest_covers_seed_and_normalises_scores() -> None:
    base = instance([applicant(1, interview_score=8)], [position(10)], seed=1)
    assert digest(base) == digest(instance([applicant(1, interview_score=8.0)], [position(10)], 1))
    assert digest(base) != digest(instance([applicant(1, interview_score=8)], [position(10)], 2))
    assert len(digest(base)) == 64


def _compiled() -> DeferredAcceptance:
    """The compiled engine; its absence fails on CI (the install must build it) and skips here."""
    if deferred_acceptance_compiled is None:
        if os.environ.get("CI"):
            pytest.fail("internships/_deferred_acceptance.pyx was not compiled: pip install -e .")
        pytest.skip("the compiled engine was not built (no C compiler at install time)")
    return deferred_acceptance_compiled


@pytest.fixture(params=["python", "compiled"])
def implementation(request: pytest.FixtureRequest) -> DeferredAcceptance:
    """Each implementation of deferred acceptance in turn."""
    return deferred_acceptance_python if request.param == "python" else _compiled()


def test_the_public_function_runs_the_compiled_engine_when_built() -> None:
    assert deferred_acceptance_compiled is _compiled()
    assert deferred_acceptance_compiled.__module__ == "internships._deferred_acceptance"
    assert matching_module._fastest is deferred_acceptance_compiled


def test_deferred_acceptance_textbook_example(implementation: DeferredAcceptance) -> None:
    # Applicant 1 is displaced from A by 3 and moves on to B, where it displaces 2, who gets C.
    applicant_prefs = {1: ("A", "B"), 2: ("B", "C"), 3: ("A",)}
    position_rank = {"A": {3: 0, 1: 1}, "B": {1: 0, 2: 1}, "C": {2: 0}}
    matches = implementation(applicant_prefs, position_rank, {"A": 1, "B": 1, "C": 1})
    assert matches == {1: "B", 2: "C", 3: "A"}


def test_deferred_acceptance_skips_pairs_the_position_does_not_rank(
    implementation: DeferredAcceptance,
) -> None:
    matches = implementation({1: (10, 20)}, {10: {}, 20: {1: 0}}, {10: 1, 20: 1})
    assert matches == {1: 20}


def test_deferred_acceptance_keeps_the_best_of_many_for_a_large_capacity(
    implementation: DeferredAcceptance,
) -> None:
    # 40 applicants for 25 places, proposing worst first: every one of the 15 worst held is
    # pushed out again, which exercises the compiled engine's heap beyond a few places.
    applicant_prefs = dict.fromkeys(reversed(range(40)), (1, 2))
    position_rank = {1: {a: a for a in range(40)}, 2: {a: a for a in range(40)}}
    matches = implementation(applicant_prefs, position_rank, {1: 25, 2: 10})
    assert matches == {a: 1 if a < 25 else 2 if a < 35 else None for a in range(40)}


def test_deferred_acceptance_refuses_an_unknown_position(
    implementation: DeferredAcceptance,
) -> None:
    with pytest.raises(ValueError, match="unknown position 99"):
        implementation({1: (99,)}, {}, {10: 1})


@pytest.mark.parametrize(
    ("applicants", "positions", "message"),
    [
        ([applicant(1, ranked_positions=(99,))], [position(10)], "unknown positions"),
        ([applicant(1)], [position(10, employer_ranking=(2,))], "unknown applicants"),
        ([applicant(1), applicant(1)], [position(10)], "share an id"),
    ],
)
def test_inconsistent_instance_is_refused(
    applicants: list[Applicant], positions: list[Position], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        instance(applicants, positions)


def test_applicant_fields_are_validated() -> None:
    with pytest.raises(ValueError, match="JLPT"):
        applicant(1, jlpt=6)
    with pytest.raises(ValueError, match="more than 5"):
        applicant(1, ranked_positions=tuple(range(6)))
    with pytest.raises(ValueError, match="finite"):
        applicant(1, interview_score=float("nan"))


# ---------------------------------------------------------------------------------------------
# The checker must be able to fail
# ---------------------------------------------------------------------------------------------


def _two_by_two() -> Instance:
    return instance(
        [applicant(1, jlpt=5, ranked_positions=(10, 20)), applicant(2, ranked_positions=(10, 20))],
        [position(10), position(20)],
    )


def test_check_accepts_the_stable_matching() -> None:
    assert check(_two_by_two(), {1: 10, 2: 20}) == []


def test_check_finds_a_planted_blocking_pair() -> None:
    # 1 prefers 10 and 10 prefers 1 (N1) to its holder 2.
    problems = check(_two_by_two(), {1: 20, 2: 10})
    assert problems == [
        "blocking pair: applicant 1 has position 20 but prefers position 10, "
        "which ranks them above its applicant 2"
    ]


def test_check_finds_a_free_place_as_blocking() -> None:
    problems = check(_two_by_two(), {1: 10, 2: None})
    assert len(problems) == 1
    assert "applicant 2 is unmatched but prefers position 20, which has a free place" in problems[0]


def test_check_finds_over_capacity_and_unacceptable_matches() -> None:
    crowded = check(_two_by_two(), {1: 10, 2: 10})
    assert "position 10 has 2 applicants for 1 places" in crowded
    unacceptable = check(instance([applicant(1, jlpt=3)], [position(10, min_jlpt=4)]), {1: 10})
    assert any("below the minimum 4 of position 10" in p for p in unacceptable)
    assert any("not on their list" in p for p in unacceptable)


def test_check_finds_missing_and_unknown_applicants() -> None:
    problems = check(_two_by_two(), {1: 10, 3: None})
    assert "applicant 2 is missing from the matches" in problems
    assert "unknown applicant 3 in the matches" in problems


# ---------------------------------------------------------------------------------------------
# Properties on random instances
# ---------------------------------------------------------------------------------------------


@st.composite
def instances(draw: st.DrawFn, max_applicants: int = 30, max_positions: int = 10) -> Instance:
    """Random instances: Hypothesis draws the sizes and the mix, a seeded Random the details.

    Drawing every field through Hypothesis costs ~30 ms an example here; this way an example
    costs well under 1 ms, and shrinking still shrinks the sizes and the mix.
    """
    n_applicants = draw(st.integers(0, max_applicants))
    n_positions = draw(st.integers(1, max_positions))
    scores = draw(st.sampled_from([(None, 1.0), (None, 1.0, 2.0, 3.0), (1.0, 2.0, 5.0, 7.0)]))
    employer_share = draw(st.sampled_from([0.0, 0.3, 1.0]))
    ineligible_share = draw(st.sampled_from([0.0, 0.2]))
    max_capacity = draw(st.integers(0, 3))
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    position_ids = [100 + i for i in range(n_positions)]
    applicant_ids = list(range(1, n_applicants + 1))
    applicants = [
        Applicant(
            id=applicant_id,
            jlpt=rng.randint(0, 5),
            interview_score=rng.choice(scores),
            document_score=rng.choice(scores),
            years_on_jet=rng.randint(1, 3),
            ranked_positions=tuple(rng.sample(position_ids, rng.randint(0, min(5, n_positions)))),
            industries=tuple(rng.sample(INDUSTRIES, rng.randint(0, 3))),
            job_types=frozenset(rng.sample(JOB_TYPES, rng.randint(0, 2))),
            eligible=rng.random() >= ineligible_share,
        )
        for applicant_id in applicant_ids
    ]
    positions = [
        Position(
            id=position_id,
            capacity=rng.randint(0, max_capacity),
            min_jlpt=rng.choice((0, 0, 2, 3, 4, 5)),
            industry=rng.choice(INDUSTRIES),
            job_type=rng.choice(JOB_TYPES),
            employer_ranking=(
                tuple(rng.sample(applicant_ids, rng.randint(0, n_applicants)))
                if rng.random() < employer_share
                else None
            ),
        )
        for position_id in position_ids
    ]
    return Instance(tuple(applicants), tuple(positions), draw(st.integers(0, 2**32 - 1)))


@PROPERTIES
@given(instances())
def test_result_is_stable_and_within_capacity(case: Instance) -> None:
    result = run(case)
    assert result.violations == []
    assert check(case, result.matches) == []
    assert check(result.preferences, result.matches) == []


@PROPERTIES
@given(instances())
def test_every_match_is_mutually_acceptable(case: Instance) -> None:
    applicants = {a.id: a for a in case.applicants}
    positions = {p.id: p for p in case.positions}
    result = run(case)
    for applicant_id, position_id in result.matches.items():
        if position_id is None:
            continue
        a, p = applicants[applicant_id], positions[position_id]
        assert a.eligible
        assert a.jlpt >= p.min_jlpt
        assert p.employer_ranking is None or applicant_id in p.employer_ranking
        assert p.capacity > 0


@PROPERTIES
@given(instances(), st.randoms(use_true_random=False))
def test_same_input_gives_same_result_in_any_row_order(case: Instance, rng: random.Random) -> None:
    shuffled = Instance(
        tuple(rng.sample(case.applicants, len(case.applicants))),
        tuple(rng.sample(case.positions, len(case.positions))),
        case.seed,
    )
    first, again, reordered = run(case), run(case), run(shuffled)
    assert first == again
    assert first.matches == reordered.matches
    assert first.explanations == reordered.explanations
    assert first.input_digest == reordered.input_digest


@PROPERTIES
@given(instances())
def test_explanations_and_choice_numbers_are_true(case: Instance) -> None:
    result = run(case)
    prefs = result.preferences
    holders: dict[int, list[int]] = {p.id: [] for p in case.positions}
    for applicant_id, position_id in result.matches.items():
        if position_id is not None:
            holders[position_id].append(applicant_id)
    for a in case.applicants:
        listed = prefs.applicant_prefs[a.id]
        match = result.matches[a.id]
        number = result.choice_number[a.id]
        assert number == (None if match is None else listed.index(match) + 1)
        preferred = listed[: (number or len(listed) + 1) - 1]
        explained = [e.position_id for e in result.explanations[a.id]]
        unacceptable = [p for p in a.ranked_positions if p not in listed]
        assert sorted(explained) == sorted([*preferred, *unacceptable])
        for e in result.explanations[a.id]:
            ranks = prefs.position_rank[e.position_id]
            if e.reason == FULL:
                held = holders[e.position_id]
                assert len(held) == e.params["capacity"] > 0
                assert all(ranks[h] < ranks[a.id] for h in held)
            elif e.reason == ZERO_CAPACITY:
                assert prefs.capacities[e.position_id] == 0
            else:
                assert a.id not in ranks
    assert sum(result.histogram.values()) == len(case.applicants)


@settings(PROPERTIES, max_examples=200)
@given(instances(max_applicants=5, max_positions=3))
def test_result_is_applicant_optimal_among_all_stable_matchings(case: Instance) -> None:
    prefs = build_preferences(case)
    ours = deferred_acceptance(prefs.applicant_prefs, prefs.position_rank, prefs.capacities)

    def place(applicant_id: int, matches: dict[int, int | None]) -> int:
        listed = prefs.applicant_prefs[applicant_id]
        match = matches[applicant_id]
        return len(listed) if match is None else listed.index(match)

    stable = [m for m in _all_matchings(prefs) if check(prefs, m) == []]
    assert ours in stable
    for other in stable:
        assert all(place(a, ours) <= place(a, other) for a in ours)


def _all_matchings(prefs: Preferences) -> Iterator[dict[int, int | None]]:
    """Every assignment of applicants to a listed position or nothing (capacity unchecked)."""
    ids = list(prefs.applicant_prefs)
    options = [(None, *prefs.applicant_prefs[a]) for a in ids]
    for combination in itertools.product(*options):
        yield dict(zip(ids, combination, strict=True))


# ---------------------------------------------------------------------------------------------
# The `matching` package from PyPI as the oracle
# ---------------------------------------------------------------------------------------------


def _matching_package() -> type:
    """HospitalResident from the `matching` package; its absence fails on CI and skips here."""
    try:
        from matching.games import HospitalResident
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the test oracle is missing: pip install matching==1.4.3")
        pytest.skip("the test oracle is not installed: pip install matching==1.4.3")
    return HospitalResident


def package_solution(prefs: Preferences) -> dict[int, int | None]:
    """The package's resident-optimal matching of the same explicit lists."""
    hospital_resident = _matching_package()
    # The package needs clean input: residents list only hospitals that rank them, hospitals
    # only residents that list them, no empty lists, no zero capacities (it crashes on those).
    hospitals = {p for p, c in prefs.capacities.items() if c > 0 and prefs.position_rank.get(p)}
    residents = {
        a: mutual
        for a, listed in prefs.applicant_prefs.items()
        if (mutual := [p for p in listed if p in hospitals and a in prefs.position_rank[p]])
    }
    hospital_prefs = {
        p: ranked
        for p in hospitals
        if (ranked := [a for a in prefs.ranked_applicants(p) if p in residents.get(a, ())])
    }
    matches: dict[int, int | None] = dict.fromkeys(prefs.applicant_prefs)
    if not residents:
        return matches
    capacities = {p: prefs.capacities[p] for p in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any complaint means our lists are not what we think
        game = hospital_resident.create_from_dictionaries(residents, hospital_prefs, capacities)
    for hospital, held in game.solve(optimal="resident").items():
        for resident in held:
            matches[resident.name] = hospital.name
    return matches


@PROPERTIES
@given(instances())
def test_identical_to_the_matching_package(case: Instance) -> None:
    prefs = build_preferences(case)
    ours = deferred_acceptance(prefs.applicant_prefs, prefs.position_rank, prefs.capacities)
    assert ours == package_solution(prefs)


@st.composite
def explicit_preferences(draw: st.DrawFn, max_capacity: int = 4) -> Preferences:
    """Arbitrary lists, not cut to mutually acceptable pairs: the engine must skip the rest."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    applicant_ids = list(range(1, draw(st.integers(1, 30)) + 1))
    position_ids = [100 + i for i in range(draw(st.integers(1, 10)))]
    refusals = draw(st.sampled_from([0.0, 0.3, 0.7]))
    applicant_prefs = {
        a: tuple(rng.sample(position_ids, rng.randint(0, min(6, len(position_ids)))))
        for a in applicant_ids
    }
    position_rank = {
        p: {
            a: rank
            for rank, a in enumerate(rng.sample(applicant_ids, len(applicant_ids)))
            if rng.random() >= refusals
        }
        for p in position_ids
    }
    capacities = {p: rng.randint(0, max_capacity) for p in position_ids}
    return Preferences(applicant_prefs, position_rank, capacities)


@pytest.mark.parametrize("name", ["python", "compiled"])
@PROPERTIES
@given(prefs=explicit_preferences())
def test_identical_to_the_matching_package_on_uncut_lists(name: str, prefs: Preferences) -> None:
    # Ranks here have gaps where a position refuses an applicant: only their order matters.
    engine = deferred_acceptance_python if name == "python" else _compiled()
    ours = engine(prefs.applicant_prefs, prefs.position_rank, prefs.capacities)
    assert ours == package_solution(prefs)


@PROPERTIES
@given(prefs=explicit_preferences(max_capacity=40))
def test_compiled_and_python_engines_agree(prefs: Preferences) -> None:
    arguments = (prefs.applicant_prefs, prefs.position_rank, prefs.capacities)
    assert _compiled()(*arguments) == deferred_acceptance_python(*arguments)


def test_missing_oracle_fails_on_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matching", None)  # makes the import raise ImportError
    monkeypatch.setitem(sys.modules, "matching.games", None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="oracle is missing"):
        _matching_package()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _matching_package()
