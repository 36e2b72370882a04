"""Roles and what hangs off them, fetched in batches (one query per batch of ids)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.cypher import Tx, q
from graph.exposure import OCCUPATION_PROPERTY, ExposureSource
from graph.models import OrgUnit, Requirement, Role

GET_MANY = q("roles/get_many")
ORG_UNITS_OF = q("roles/org_units_of")
INCUMBENTS_OF = q("roles/incumbents_of")
REQUIREMENTS_OF = q("roles/requirements_of")
INDEX = q("roles/index")
SKILL_NAMES = q("skills/names")


async def get_many(tx: Tx, ids: Sequence[str]) -> dict[str, Role]:
    rows = await GET_MANY.rows(tx, ids=list(ids))
    return {row["role"]["id"]: Role.model_validate(row["role"]) for row in rows}


async def org_units_of(tx: Tx, ids: Sequence[str]) -> dict[str, OrgUnit]:
    rows = await ORG_UNITS_OF.rows(tx, ids=list(ids))
    return {row["role_id"]: OrgUnit.model_validate(row["org_unit"]) for row in rows}


async def incumbents_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[str]]:
    rows = await INCUMBENTS_OF.rows(tx, ids=list(ids))
    return {row["role_id"]: row["employee_ids"] for row in rows}


async def requirements_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[Requirement]]:
    rows = await REQUIREMENTS_OF.rows(tx, ids=list(ids))
    return {
        row["role_id"]: [Requirement.model_validate(r) for r in row["requirements"]] for row in rows
    }


async def index_rows(tx: Tx, dataset: ExposureSource) -> list[dict[str, Any]]:
    """Every role as roles/index reads it, occupational exposure from `dataset`. Thousands of rows
    of plain values: read as they come, without the per-value conversion of `Query.rows`."""
    records = INDEX.stream(tx, occupation_property=OCCUPATION_PROPERTY[dataset])
    return [dict(zip(record.keys(), record.values(), strict=True)) async for record in records]


async def skill_names(tx: Tx) -> dict[str, str]:
    return {row["id"]: row["name"] for row in await SKILL_NAMES.rows(tx)}
