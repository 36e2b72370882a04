"""The statements that load O*NET reference data and link roles to it (graph/importing/onet.py
reads the files and batches the rows)."""

from __future__ import annotations

from typing import Any

from graph.cypher import Query as Query  # the type of the statements above, for callers
from graph.cypher import Tx, q

Params = dict[str, Any]

UPSERT_OCCUPATIONS = q("onet/upsert_occupations")
UPSERT_SKILLS = q("onet/upsert_skills")
UPSERT_REQUIREMENTS = q("onet/upsert_requirements")
UPSERT_TASKS = q("onet/upsert_tasks")
SET_TASK_EXPOSURE = q("onet/set_task_exposure")
UPSERT_RELATED = q("onet/upsert_related")
SET_GPTS_EXPOSURE = q("onet/set_gpts_exposure")
SET_MICROSOFT_EXPOSURE = q("onet/set_microsoft_exposure")
MARK_LOADED = q("onet/mark_loaded")
LOADED = q("onet/loaded")
LINK_ALL_ROLES = q("occupations/link_all_roles")
APPLY_REQUIREMENTS = q("occupations/apply_requirements")


async def write_rows(tx: Tx, query: Query, rows: list[Params]) -> list[Params]:
    """Run one of the statements above on a batch of rows; what it returned."""
    return await query.rows(tx, rows=rows)


async def mark_loaded(tx: Tx, marker: str, release: str, sources: list[str]) -> None:
    await MARK_LOADED.execute(tx, id=marker, release=release, sources=sources)


async def loaded(tx: Tx, marker: str) -> Params | None:
    """{release, sources, importedAt} of the last completed import, or None."""
    return await LOADED.row(tx, id=marker)


async def link_all_roles(tx: Tx) -> int:
    """(Re)link every role to the occupation its occupationCode names; how many map."""
    row = await LINK_ALL_ROLES.row(tx)
    return int(row["linked"]) if row else 0


async def apply_requirements(
    tx: Tx, min_importance: float, min_count: int, max_count: int
) -> tuple[int, int]:
    """Roles with an occupation and no requirements take the occupation's; (roles, requirements)."""
    row = await APPLY_REQUIREMENTS.row(
        tx, min_importance=min_importance, min_count=min_count, max_count=max_count
    )
    return (int(row["roles"]), int(row["requirements"])) if row else (0, 0)
