"""Automation exposure reads (DESIGN §4): role exposure, top tasks, the role snapshot, incumbents' skills."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.cypher import QUERY_COUNTS, Tx, q
from graph.exposure import OCCUPATION_PROPERTY, ExposureSource, RoleExposure, TaskExposure

OF_ROLES = q("exposure/of_roles")
TOP_TASKS = q("exposure/top_tasks")
ROLE_SNAPSHOT = q("exposure/role_snapshot")
SKILL_NAMES = q("exposure/skill_names")
PROBE = q("exposure/probe")
INCUMBENT_SKILLS = q("exposure/incumbent_skills")
EMPLOYEE_PROFILE = q("exposure/employee_profile")


@dataclass(frozen=True)
class ExposureConfig:
    """Everything the exposure figures take from the settings."""

    dataset: ExposureSource
    margin: float
    thin_bench: float
    weight_ready_now: float
    weight_ready_1_2_years: float
    weight_ready_3_5_years: float

    @property
    def occupation(self) -> dict[str, str]:
        return {
            "occupation_property": OCCUPATION_PROPERTY[self.dataset],
            "occupation_source": self.dataset.value,
        }

    @property
    def weights(self) -> dict[str, float]:
        return {
            "weight_ready_now": self.weight_ready_now,
            "weight_ready_1_2_years": self.weight_ready_1_2_years,
            "weight_ready_3_5_years": self.weight_ready_3_5_years,
        }


async def of_roles(tx: Tx, config: ExposureConfig, ids: Sequence[str]) -> dict[str, RoleExposure]:
    rows = await OF_ROLES.fetch(tx, ids=list(ids), **config.occupation)
    return {row["role_id"]: RoleExposure.model_validate(row) for row in rows}


async def top_tasks(
    tx: Tx, roles: Sequence[tuple[str, ExposureSource]], first: int
) -> dict[str, list[TaskExposure]]:
    items = [{"id": role_id, "source": source.value} for role_id, source in roles]
    rows = await TOP_TASKS.fetch(tx, roles=items, first=first)
    return {row["role_id"]: [TaskExposure.model_validate(t) for t in row["tasks"]] for row in rows}


async def snapshot(tx: Tx, config: ExposureConfig) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Every role's exposure, headcount, bench and requirements; and every skill's name."""
    # Thousands of rows of plain values: read as they come (see incumbent_skills).
    bound = ROLE_SNAPSHOT.bind({**config.occupation, **config.weights})
    QUERY_COUNTS[ROLE_SNAPSHOT.name] += 1
    result = await tx.run(ROLE_SNAPSHOT.text, bound)
    keys = result.keys()
    roles = [dict(zip(keys, record.values(), strict=True)) async for record in result]
    names = {row["id"]: row["name"] for row in await SKILL_NAMES.fetch(tx)}
    return roles, names


async def probe(tx: Tx) -> None:
    await PROBE.fetch(tx)


async def incumbent_skills(
    tx: Tx, ids: Sequence[str]
) -> dict[str, tuple[int, dict[str, list[tuple[float, int]]]]]:
    """For each role: how many active incumbents, and per skill (level, how many) of those who have it."""
    # Tens of thousands of plain numbers: read the records' values as they come, skipping the
    # per-value conversion `Query.fetch` does for temporal types (there are none here).
    bound = INCUMBENT_SKILLS.bind({"ids": list(ids)})
    QUERY_COUNTS[INCUMBENT_SKILLS.name] += 1
    result = await tx.run(INCUMBENT_SKILLS.text, bound)
    found = {}
    async for record in result:
        role_id, incumbents, skills = record.values()
        found[role_id] = (
            int(incumbents),
            {
                str(skill): [
                    (float(level), int(times))
                    for level, times in zip(levels, counts, strict=True)
                    if level is not None and level > 0
                ]
                for skill, levels, counts in skills
            },
        )
    return found


async def employee_profile(tx: Tx, employee_id: str) -> dict[str, Any] | None:
    """{active, roleIds, skills: [[skill id, level]]}, or None for an unknown id."""
    return await EMPLOYEE_PROFILE.single(tx, employee_id=employee_id)
