"""Role-similarity reads: the occupation reference features and every role's features
(graph/scoring/similarity.py builds its model from both)."""

from __future__ import annotations

from typing import Any

from graph.cypher import QUERY_COUNTS, Tx, q
from graph.scoring.fit import Needs
from graph.scoring.occupation_signals import OccupationFeatures, Rating, RelatedOccupation
from graph.scoring.similarity import RoleFeatures

OCCUPATION_FEATURES = q("similarity/occupation_features")
ROLE_FEATURES = q("similarity/role_features")


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def occupation_from_row(row: dict[str, Any]) -> OccupationFeatures:
    """One record of similarity/occupation_features as features; ratings without both numbers
    are left out, knowledge told from skills by the element's category."""
    skills: dict[str, Rating] = {}
    knowledge: dict[str, Rating] = {}
    for rating in row["ratings"]:
        importance, level = _number(rating["importance"]), _number(rating["level"])
        if importance is None or level is None:
            continue
        target = knowledge if rating["category"] == "KNOWLEDGE" else skills
        target[str(rating["skill"])] = (importance, level)
    zone = row["jobZone"]
    return OccupationFeatures(
        code=str(row["code"]),
        title=str(row["title"] or ""),
        job_zone=int(zone)
        if isinstance(zone, int | float) and not isinstance(zone, bool)
        else None,
        skills=skills,
        knowledge=knowledge,
        tasks=tuple(sorted(str(t) for t in row["tasks"])),
        related=tuple(
            sorted(
                (
                    RelatedOccupation(
                        str(link["code"]),
                        link["tier"],
                        int(link["rank"]) if isinstance(link["rank"], int) else None,
                    )
                    for link in row["related"]
                ),
                key=lambda link: (link.rank or 0, link.code),
            )
        ),
    )


async def occupation_features(tx: Tx) -> list[OccupationFeatures]:
    """Every occupation's features, by code (about 1,000 occupations and 19,000 task statements)."""
    # Plain values, read as they come (see graph/repositories/exposure.incumbent_skills).
    QUERY_COUNTS[OCCUPATION_FEATURES.name] += 1
    result = await tx.run(OCCUPATION_FEATURES.text, OCCUPATION_FEATURES.bind({}))
    keys = result.keys()
    return [
        occupation_from_row(dict(zip(keys, record.values(), strict=True)))
        async for record in result
    ]


def role_from_row(row: dict[str, Any]) -> RoleFeatures:
    """One record of similarity/role_features as features (requirements as `Needs` keeps them:
    level and weight above zero, the larger w·l of two edges to one skill)."""
    grade = _number(row["grade"])
    return RoleFeatures(
        id=str(row["id"]),
        grade=int(grade) if grade is not None and grade.is_integer() else None,
        occupation_code=row["occupationCode"],
        needs=Needs(zip(row["skills"], row["levels"], row["weights"], strict=True)),
    )


async def role_features(tx: Tx) -> list[RoleFeatures]:
    """Every role's features, by id."""
    QUERY_COUNTS[ROLE_FEATURES.name] += 1
    result = await tx.run(ROLE_FEATURES.text, ROLE_FEATURES.bind({}))
    keys = result.keys()
    return [role_from_row(dict(zip(keys, record.values(), strict=True))) async for record in result]
