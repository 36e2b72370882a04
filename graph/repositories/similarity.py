"""Role-similarity reads: the occupation reference features (graph/scoring/similarity.py builds
its model from them and the role index's roles)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Tx, q
from graph.scoring.occupation_signals import OccupationFeatures, Rating, RelatedOccupation

OCCUPATION_FEATURES = q("similarity/occupation_features")


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
    return [
        occupation_from_row(dict(zip(record.keys(), record.values(), strict=True)))
        async for record in OCCUPATION_FEATURES.stream(tx)
    ]
