"""What the readiness export reads (graph/services/export/rows.py): a page of roles at a time, each
page asked for before the one before it is turned into rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.cypher import Started as Started  # what `start_page` returns
from graph.cypher import Tx, q

PAGE = q("export/readiness_page")
ROLE_COUNT = q("export/role_count")
PEOPLE = q("export/people")


async def role_count(tx: Tx, *, critical_only: bool, org_unit_id: str | None, since: Any) -> int:
    """How many roles the export's scope holds."""
    row = await ROLE_COUNT.row(
        tx, critical_only=critical_only, org_unit_id=org_unit_id, since=since
    )
    return int(row["roles"]) if row else 0


async def start_page(tx: Tx, params: dict[str, Any], after: str) -> Started:
    """Ask for the page of roles after the role id `after` ("" for the first); the server
    computes it while the caller is busy (`page` reads it)."""
    return await PAGE.start(tx, **params, after=after)


async def page(started: Started) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """A page's roles and people (its one record holds them all). Their values are plain, so the
    recursive conversion `Query.rows` does would only cost time."""
    record = await started.record()
    return record["roles"], record["people"]


async def people(tx: Tx, ids: Sequence[str]) -> list[list[Any]]:
    """[id, name, skills] of each person named."""
    row = await PEOPLE.row(tx, ids=list(ids))
    return row["people"] if row else []
