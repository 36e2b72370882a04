"""Role similarity (graph/scoring/similarity.py), on small cases worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from graph.repositories.similarity import occupation_from_row
from graph.scoring.fit import Needs
from graph.scoring.occupation_signals import (
    OccupationFeatures,
    RelatedOccupation,
    family,
    related_score,
    tokens,
)
from graph.scoring.similarity import (
    RoleFeatures,
    SimilarityModel,
    Weights,
    requirement_overlap,
)

#: Only overlap and grade count: numbers stay easy to work out.
PLAIN = Weights(
    related=0.0,
    text=0.0,
    profile=0.0,
    knowledge=0.0,
    family=0.0,
    overlap=1.0,
    zone_step=0.0,
    grade_step=0.1,
)


def role(
    role_id: str,
    requirements: list[tuple[str, float, float]],
    grade: int | None = None,
    occupation: str | None = None,
) -> RoleFeatures:
    """`requirements`: (skill, level, weight), as the graph holds them."""
    return RoleFeatures(role_id, grade, occupation, Needs(requirements))


def test_overlap_is_weighted_jaccard_over_w_times_l() -> None:
    # w·l: a = {x: 6, y: 1}, b = {x: 4, z: 4}; Σ min = 4, Σ max = 6 + 1 + 4 = 11.
    a = Needs([("x", 2, 3), ("y", 1, 1)])
    b = Needs([("x", 4, 1), ("z", 2, 2)])
    assert requirement_overlap(a, b) == 4 / 11
    assert requirement_overlap(b, a) == 4 / 11
    assert requirement_overlap(a, a) == 1.0
    assert requirement_overlap(a, Needs([])) == 0.0
    assert requirement_overlap(Needs([]), Needs([])) == 0.0


def test_overlap_is_exact_and_order_independent() -> None:
    # In units: x 0.1·0.3 vs 0.2·0.1, y 0.7·0.2 vs 0.7·0.3; Σ min = 2 + 14, Σ max = 3 + 21 (x 10^6).
    a = [("x", 0.3, 0.1), ("y", 0.2, 0.7)]
    b = [("x", 0.1, 0.2), ("y", 0.3, 0.7)]
    expected = float(Fraction(16, 24))
    assert requirement_overlap(Needs(a), Needs(b)) == expected
    assert requirement_overlap(Needs(a[::-1]), Needs(b[::-1])) == expected


def test_roles_without_occupation_rank_by_overlap_and_grade() -> None:
    model = SimilarityModel(
        [
            role("a", [("x", 2, 3), ("y", 1, 1)], grade=3),
            role("b", [("x", 4, 1), ("z", 2, 2)], grade=5),
            role("c", [("x", 4, 1), ("z", 2, 2)]),
            role("d", [("q", 1, 1)], grade=3),
        ],
        [],
        PLAIN,
    )
    found = model.similar("a", 10)
    # b: overlap 4/11, two grades apart (x 0.8); c: no grade, no factor; d shares nothing: unlisted.
    assert [(s.role_id, s.overlap) for s in found] == [("c", 4 / 11), ("b", 4 / 11)]
    assert found[0].similarity == pytest.approx(4 / 11)
    assert found[1].similarity == pytest.approx(0.8 * 4 / 11)
    # Symmetric when only overlap and grade count.
    from_b = {s.role_id: s.similarity for s in model.similar("b", 10)}
    assert from_b["a"] == found[1].similarity


def test_ties_go_to_the_smaller_id_and_first_cuts() -> None:
    same = [("x", 1, 1)]
    model = SimilarityModel([role(i, same) for i in ("e", "d", "c", "b", "a", "q")], [], PLAIN)
    assert [s.role_id for s in model.similar("q", 10)] == ["a", "b", "c", "d", "e"]
    assert [s.role_id for s in model.similar("q", 2)] == ["a", "b"]
    assert [s.role_id for s in model.similar("a", 3)] == ["b", "c", "d"]
    assert model.similar("a", 0) == []
    assert model.similar("nobody", 5) == []


def test_mask_restricts_the_candidates() -> None:
    same = [("x", 1, 1)]
    model = SimilarityModel([role(i, same) for i in ("a", "b", "c", "d")], [], PLAIN)
    assert model.ids == ("a", "b", "c", "d")
    mask = model.mask(["c", "d", "unknown"])
    assert mask.tolist() == [False, False, True, True]
    assert [s.role_id for s in model.similar("a", 10, mask)] == ["c", "d"]
    assert [s.role_id for s in model.similar("d", 10, mask)] == ["c"]


def test_occupations_related_link_is_directed_and_unlinked_roles_use_overlap() -> None:
    occupations = [
        OccupationFeatures(
            "11-0001.00", related=(RelatedOccupation("13-0002.00", "Primary-Short", 1),)
        ),
        OccupationFeatures(
            "13-0002.00", related=(RelatedOccupation("15-0003.00", "Primary-Long", 6),)
        ),
        OccupationFeatures("15-0003.00"),
    ]
    weights = Weights(
        related=3.0,
        text=0.0,
        profile=0.0,
        knowledge=0.0,
        family=0.0,
        overlap=1.0,
        zone_step=0.0,
        grade_step=0.0,
    )
    model = SimilarityModel(
        [
            role("r1", [("x", 2, 1)], occupation="11-0001.00"),
            role("r2", [("x", 2, 1)], occupation="13-0002.00"),
            role("r3", [("x", 1, 1)], occupation="15-0003.00"),
            role("r4", [("x", 1, 1)]),
        ],
        occupations,
        weights,
    )
    found = {s.role_id: s for s in model.similar("r1", 10)}
    # r2: (3·1 + 1·1) / 4; r3: (3·0 + 1·½) / 4; r4 has no occupation: overlap ½ alone.
    assert found["r2"].similarity == pytest.approx(1.0)
    assert found["r3"].similarity == pytest.approx(0.125)
    assert found["r4"].similarity == pytest.approx(0.5)
    assert [s.role_id for s in model.similar("r1", 10)] == ["r2", "r4", "r3"]
    # From r2, O*NET points to r3's occupation (Primary-Long, rank 6: 0.8 · 0.95), not to r1's.
    back = {s.role_id: s.similarity for s in model.similar("r2", 10)}
    assert back["r1"] == pytest.approx(0.25)
    assert back["r3"] == pytest.approx((3 * 0.76 + 0.5) / 4)
    # r3's occupation has no related list: the signal is left out, not counted as 0.
    assert {s.role_id: s.similarity for s in model.similar("r3", 10)}["r1"] == pytest.approx(0.5)


def test_job_zone_distance_discounts() -> None:
    occupations = [
        OccupationFeatures("11-0001.00", job_zone=2),
        OccupationFeatures("11-0002.00", job_zone=4),
    ]
    weights = Weights(
        related=0.0,
        text=0.0,
        profile=0.0,
        knowledge=0.0,
        family=1.0,
        overlap=1.0,
        zone_step=0.1,
        grade_step=0.0,
    )
    model = SimilarityModel(
        [
            role("a", [("x", 1, 1)], occupation="11-0001.00"),
            role("b", [("x", 1, 1)], occupation="11-0002.00"),
        ],
        occupations,
        weights,
    )
    # Same broad group 11-000 (family 0.75), overlap 1: (0.75 + 1) / 2, two zones apart (x 0.8).
    assert model.similar("a", 1)[0].similarity == pytest.approx(0.875 * 0.8)


def test_similarity_stays_in_unit_interval_and_excludes_self() -> None:
    rng = np.random.default_rng(3)
    skills = [f"s{i}" for i in range(12)]
    roles = [
        role(
            f"r{i:02d}",
            [
                (s, float(rng.integers(1, 8)), float(rng.integers(1, 6)))
                for s in skills
                if rng.random() < 0.4
            ],
            grade=int(rng.integers(1, 9)),
        )
        for i in range(40)
    ]
    model = SimilarityModel(roles, [], PLAIN)
    for r in roles:
        similarity, overlap = model.scores(r.id)
        assert similarity[model.index[r.id]] == 0.0
        assert ((similarity >= 0) & (similarity <= 1)).all()
        for other in roles:
            if other.id != r.id:
                assert overlap[model.index[other.id]] == requirement_overlap(r.needs, other.needs)


def test_tokens_family_and_related_scores() -> None:
    assert tokens("Operating machines and operates the equipment") == [
        "operat",
        "machin",
        "operat",
        "equipment",
    ]
    codes = ["11-1011.00", "11-1011.03", "11-1021.00", "11-2011.00", "13-1011.00"]
    assert family(codes)[0].tolist() == [1.0, 1.0, 0.5, 0.25, 0.0]
    assert related_score(RelatedOccupation("x", "Primary-Short", 1)) == 1.0
    assert related_score(RelatedOccupation("x", "Primary-Long", 6)) == pytest.approx(0.76)
    assert related_score(RelatedOccupation("x", "Supplemental", 20)) == pytest.approx(0.324)


def test_weights_are_checked() -> None:
    with pytest.raises(ValueError, match="overlap weight"):
        Weights(1, 1, 1, 1, 1, overlap=0.0, zone_step=0.0, grade_step=0.0)
    with pytest.raises(ValueError, match="distance factors"):
        Weights(1, 1, 1, 1, 1, overlap=1.0, zone_step=0.5, grade_step=0.0)


def test_graph_rows_become_features() -> None:
    occupation = occupation_from_row(
        {
            "code": "11-0001.00",
            "title": "Testers",
            "jobZone": 3,
            "ratings": [
                {"skill": "2.A.1.a", "category": "SKILL", "importance": 4.0, "level": 3.5},
                {"skill": "2.C.1.a", "category": "KNOWLEDGE", "importance": 3.0, "level": 2.0},
                {"skill": "2.C.1.b", "category": "KNOWLEDGE", "importance": None, "level": 2.0},
            ],
            "tasks": ["Test things.", "Write reports."],
            "related": [
                {"code": "11-0003.00", "tier": "Primary-Long", "rank": 6},
                {"code": "11-0002.00", "tier": "Primary-Short", "rank": 1},
            ],
        }
    )
    assert occupation.job_zone == 3
    assert occupation.skills == {"2.A.1.a": (4.0, 3.5)}
    assert occupation.knowledge == {"2.C.1.a": (3.0, 2.0)}
    assert [link.code for link in occupation.related] == ["11-0002.00", "11-0003.00"]
