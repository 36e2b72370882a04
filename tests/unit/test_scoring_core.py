"""The scoring core on small cases worked out by hand (DESIGN §4)."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from graph.models import Coverage, Level, Readiness
from graph.scoring.bench import Nomination, bench, key_person_risk, loss, weights_of
from graph.scoring.fit import Needs, PeopleBySkill, RolesBySkill, Team, held_units
from graph.scoring.units import amount, too_precise, units

WEIGHTS = weights_of(1.0, 0.5, 0.25)


def test_fit_by_hand() -> None:
    # Requires a (level 3, weight 2) and b (level 5, weight 1): total 2·3 + 1·5 = 11.
    # Has a at 2 and b at 6: covered 2·2 + 1·5 = 9, fit 9/11.
    needs = Needs([("a", 3, 2), ("b", 5, 1)])
    found = needs.fit(held_units([("a", 2), ("b", 6)]))
    assert found.value == 9 / 11
    assert needs.fit({}).value == 0.0
    assert Needs([]).fit({"a": 1}).value == 0.0


def test_fit_is_exact_at_a_boundary() -> None:
    # 16/31: requires 31 skills of level 1, has 16 of them. A float sum in another order could
    # land one ulp off; unit sums cannot.
    needs = Needs([(f"s{i:02}", 1, 1) for i in range(31)])
    held = held_units([(f"s{i:02}", 1) for i in range(16)])
    assert needs.fit(held).value == 16 / 31


def test_levels_count_to_four_decimals() -> None:
    assert units(3.32) == 33200
    assert amount(units(5.5) - units(3.32)) == 2.18
    assert units(None) == units(-1.0) == units(float("nan")) == units(True) == 0
    assert too_precise(0.12345) and not too_precise(3.32) and not too_precise(7)


def test_gaps_largest_weighted_shortfall_first_then_skill_id() -> None:
    needs = Needs([("c", 4, 1), ("a", 3, 2), ("b", 5, 1), ("d", 2, 1)])
    gaps = needs.gaps(held_units([("a", 2), ("b", 3), ("d", 2)]))
    # a: 2·(3-2) = 2, b: 1·(5-3) = 2, c: 1·4 = 4; d has no gap.
    assert [(g.skill_id, amount(g.shortfall)) for g in gaps] == [("c", 4.0), ("a", 1.0), ("b", 2.0)]


def test_invalid_requirements_and_duplicates() -> None:
    needs = Needs([("a", 0, 1), ("b", 2, -1), ("c", None, 1), ("d", 2, 1), ("d", 3, 1)])
    assert needs.skill_ids == ("d",)
    assert needs.total == units(3) * units(1)
    assert held_units([("x", 1), ("x", 4), ("y", -2)]) == {"x": units(4)}


def test_vector_paths_give_the_same_bits_as_one_person() -> None:
    rng = random.Random(7)
    skills = [f"s{i}" for i in range(12)]
    people = {
        f"e{p}": held_units([(s, round(rng.uniform(0, 7), 2)) for s in rng.sample(skills, 6)])
        for p in range(60)
    }
    roles = [
        Needs(
            [
                (s, round(rng.uniform(0.5, 7), 2), round(rng.uniform(1, 5), 2))
                for s in rng.sample(skills, 5)
            ]
        )
        for _ in range(20)
    ]
    columns = [
        (
            s,
            [p for p in people if s in people[p]],
            [amount(people[p][s]) for p in people if s in people[p]],
        )
        for s in skills
    ]
    by_skill = PeopleBySkill(list(people), columns)
    by_role = RolesBySkill(roles)
    for r, needs in enumerate(roles):
        covered = by_skill.covered(needs)
        for p, held in people.items():
            one = needs.fit(held)
            assert covered[by_skill.row_of[p]] == one.covered
            assert by_role.fits(held)[r] == one.value
    # A team scored against many roles at once: the sum of each person's covered units.
    team = Team(list(people.values()), (s for needs in roles for s in needs.skill_ids))
    for needs in roles:
        assert needs.covered_by(team) == sum(needs.fit(held).covered for held in people.values())
    assert roles[0].covered_by(Team([], roles[0].skill_ids)) == 0


def test_bench_cover_and_risk_by_hand() -> None:
    # Nobody ready now, two ready in 1-2 years, each nominated for this role only:
    # score 0.5 + 0.5 = 1, cover 1 - 0.5·0.5 = 0.75, NOT_READY.
    found = bench([Nomination(Readiness.READY_1_2_YEARS, 1)] * 2, WEIGHTS)
    assert (found.score, found.cover, found.coverage) == (1, Fraction(3, 4), Coverage.NOT_READY)
    # An incumbent at HIGH risk and MEDIUM impact: 0.6 · 2/3 · (1 - 0.75) = 0.1, never 0.
    risk = key_person_risk([(Level.HIGH, Level.MEDIUM), (Level.LOW, None)], found.cover)
    assert risk == Fraction(1, 10) and float(risk) == 0.1


def test_shares_count_each_successor_once_across_nominations() -> None:
    # Ready now but nominated for three roles (not held): 1/3 here; cover 1/3.
    found = bench([Nomination(Readiness.READY_NOW, 3)], WEIGHTS)
    assert found.score == found.cover == Fraction(1, 3)
    assert found.coverage is Coverage.COVERED
    single = bench(
        [Nomination(Readiness.READY_NOW, 1), Nomination(Readiness.READY_3_5_YEARS, 2)], WEIGHTS
    )
    assert single.cover == 1 and single.score == Fraction(9, 8)


def test_a_bench_of_many_successors_is_the_definition_term_by_term() -> None:
    """bench() counts successors of the same kind together; the figures are those of the sum
    and product over every successor, one at a time, exactly."""
    rng = random.Random(7)
    weights = weights_of(0.9, 0.35, 0.1)
    for _ in range(50):
        nominations = [
            Nomination(rng.choice(list(Readiness)), rng.randint(0, 4))
            for _ in range(rng.randint(0, 40))
        ]
        score, none_steps_in = Fraction(0), Fraction(1)
        for n in nominations:
            part = weights[n.readiness] / max(1, n.nominations)
            score, none_steps_in = score + part, none_steps_in * (1 - part)
        found = bench(nominations, weights)
        assert (found.score, found.cover) == (score, 1 - none_steps_in)
        assert found.ready_now == sum(n.readiness is Readiness.READY_NOW for n in nominations)
        assert found.ready_three_to_five_years == sum(
            n.readiness is Readiness.READY_3_5_YEARS for n in nominations
        )


def test_no_successor_and_no_incumbent() -> None:
    empty = bench([], WEIGHTS)
    assert (empty.score, empty.cover, empty.coverage) == (0, 0, Coverage.UNCOVERED)
    assert key_person_risk([], empty.cover) == 0
    assert key_person_risk([(None, None)], empty.cover) == loss(Level.MEDIUM, Level.MEDIUM)


@pytest.mark.parametrize(("value", "expected"), [(0.1, Fraction(1, 10)), (0.25, Fraction(1, 4))])
def test_weights_are_their_decimal_form(value: float, expected: Fraction) -> None:
    assert weights_of(value, value, value)[Readiness.READY_NOW] == expected


def test_numpy_term_has_no_overflow_at_the_largest_values() -> None:
    needs = Needs([(f"s{i}", 100, 100) for i in range(9000)])
    assert needs.total < 2**53
    assert np.int64(needs.total) == needs.total
