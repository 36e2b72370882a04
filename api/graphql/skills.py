"""Skills, requirements and gaps: the small types people and roles are made of."""

from __future__ import annotations

import strawberry

from api.graphql.derive import derived
from graph import models
from graph.errors import Forbidden


@derived(models.SkillRef, name="Skill")
class Skill:
    id: strawberry.ID
    name: strawberry.auto


@derived(models.SkillLevel, name="SkillLevel")
class SkillLevel:
    skill: strawberry.auto
    level: strawberry.auto


@derived(models.Requirement, name="Requirement")
class Requirement:
    skill: strawberry.auto
    level: strawberry.auto
    weight: strawberry.auto


def _own_level(value: float | None) -> float:
    if value is None:
        raise Forbidden("this person's skill levels are outside your scope")
    return value


def _have(parent: strawberry.Parent[models.Gap]) -> float:
    return _own_level(parent.have)


def _shortfall(parent: strawberry.Parent[models.Gap]) -> float:
    return _own_level(parent.shortfall)


@derived(
    models.Gap,
    name="Gap",
    description=(
        "A required skill the person falls short of (level below the role's). `have` and "
        "`shortfall` are the person's own level: null with a FORBIDDEN error where the caller "
        "may not read the person's skills."
    ),
)
class Gap:
    skill: strawberry.auto
    required: strawberry.auto
    have = strawberry.field(
        resolver=_have,
        graphql_type=float | None,
        description="The person's level of the skill (0 when they lack it).",
    )
    shortfall = strawberry.field(
        resolver=_shortfall,
        graphql_type=float | None,
        description="required − have, exactly (levels count to 4 decimals).",
    )
