"""The readiness export: every in-scope role's succession picture, one row per (role, person).

Rows are produced role batch by role batch inside one read transaction and handed on as they come,
so memory stays flat whatever the size of the organisation. The same generator feeds files
(`talentgraph export readiness`) and HTTP (`GET /exports/readiness`), and its figures come from the
same queries as GraphQL (bench from `benchStrength`, nominated fit from `successors`, candidate
fit from `successionCandidates`), so the numbers agree everywhere. Exports are for admin, hr and
service callers (graph/services/access.py), and each one is audited once it ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j
import pyarrow as pa

from graph.auth import Principal
from graph.cypher import Tx, q
from graph.db import _OUTAGE, Database
from graph.errors import BadUserInput, NotFound, ServiceUnavailable
from graph.exporting.formats import Column, Row
from graph.fit_index import SHORTLIST_MARGIN
from graph.repositories import exposure as exposure_repo
from graph.repositories import roles, succession
from graph.services import access, audit
from graph.services.exposure import config_of
from graph.services.succession import readiness_weights
from graph.settings import Settings

SLATES = q("export/slates")
UNASSESSED = q("export/unassessed_candidates")
UNASSESSED_LIVE = q("export/unassessed_candidates_live")
SHORTLIST_STATES = q("export/shortlist_states")
CHANGED_SINCE = q("export/roles_changed_since")

MAX_CANDIDATES = 50
TOP_GAPS = 3
ROLE_BATCH = 200
ALL = 10**9

_UTC = pa.timestamp("us", tz="UTC")

#: The export's columns, in order. Documented in the README; fixed by a test.
COLUMNS: tuple[Column, ...] = (
    Column("role_id", pa.string(), "role id"),
    Column("role_title", pa.string(), "role title"),
    Column("org_unit_id", pa.string(), "the role's org unit"),
    Column("org_unit_name", pa.string(), "its name"),
    Column("critical", pa.bool_(), "whether the role is critical"),
    Column("incumbent_ids", pa.list_(pa.string()), "active incumbents, by id (CSV: joined by ;)"),
    Column("coverage", pa.string(), "COVERED, NOT_READY or UNCOVERED"),
    Column("bench_score", pa.float64(), "benchScore (DESIGN §4)"),
    Column("key_person_risk", pa.float64(), "keyPersonRisk (DESIGN §4)"),
    Column("person_id", pa.string(), "the successor or candidate (empty for kind NONE)"),
    Column("person_name", pa.string(), "their name"),
    Column("kind", pa.string(), "NOMINATED (on the slate), CANDIDATE (never assessed) or NONE"),
    Column("readiness", pa.string(), "current readiness (NOMINATED only)"),
    Column("assessed_at", _UTC, "when it was assessed (UTC)"),
    Column("assessed_by", pa.string(), "who assessed it"),
    Column("fit", pa.float64(), "skill fit in [0, 1]"),
    Column("gap_count", pa.int64(), "how many required skills fall short"),
    Column("top_gaps", pa.list_(pa.string()), "names of the 3 largest gaps (CSV: joined by ;)"),
    Column("exposure", pa.float64(), "automation exposure of the role, empty when unknown"),
    Column("exposure_source", pa.string(), "where the exposure figure comes from"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


@dataclass(frozen=True)
class ExportFilters:
    org_unit_id: str | None = None
    all_roles: bool = False
    candidates: int = 5
    since: datetime | None = None

    def check(self) -> ExportFilters:
        if not 0 <= self.candidates <= MAX_CANDIDATES:
            raise BadUserInput(
                f"candidates must be between 0 and {MAX_CANDIDATES}", field="candidates"
            )
        if self.since is not None and self.since.tzinfo is None:
            return ExportFilters(
                self.org_unit_id, self.all_roles, self.candidates, self.since.replace(tzinfo=UTC)
            )
        return self

    def describe(self) -> dict[str, Any]:
        out = asdict(self)
        out["since"] = self.since.isoformat() if self.since else None
        return out


@dataclass
class ExportRun:
    """What a consumer needs beside the rows: for the manifest."""

    roles: int = 0
    rows: int = 0
    bookmarks: list[str] | None = None
    read_at: str | None = None


async def _candidates(tx: Tx, role_ids: list[str], wanted: int) -> dict[str, list[dict[str, Any]]]:
    if wanted == 0:
        return {}
    states = {s["role_id"]: s for s in await SHORTLIST_STATES.fetch(tx, role_ids=role_ids)}
    usable = [i for i in role_ids if states.get(i, {}).get("fresh")]
    found: dict[str, list[dict[str, Any]]] = {}
    rows = await UNASSESSED.fetch(
        tx, role_ids=usable, candidates=wanted, scan=wanted + SHORTLIST_MARGIN, top_gaps=TOP_GAPS
    )
    enough: set[str] = set()
    for row in rows:
        found.setdefault(row["role_id"], []).append(row)
        # Fewer never-assessed people than asked for in an incomplete shortlist: score everyone.
        if row["found"] >= wanted + SHORTLIST_MARGIN or states[row["role_id"]]["complete"]:
            enough.add(row["role_id"])
    for role_id in usable:
        if role_id not in found and states[role_id]["complete"]:
            enough.add(role_id)
    for role_id in role_ids:
        if role_id not in enough:
            found[role_id] = await UNASSESSED_LIVE.fetch(
                tx, role_id=role_id, candidates=wanted, top_gaps=TOP_GAPS
            )
    return found


def _person_row(base: Row, person: dict[str, Any], kind: str) -> Row:
    return {
        **base,
        "person_id": person["employee"]["id"],
        "person_name": person["employee"]["name"],
        "kind": kind,
        "readiness": person.get("readiness"),
        "assessed_at": person.get("assessedAt"),
        "assessed_by": person.get("assessedBy"),
        "fit": person["fit"],
        "gap_count": person["gapCount"],
        "top_gaps": person["topGaps"],
    }


async def _batch_rows(
    tx: Tx, items: list[Any], filters: ExportFilters, settings: Settings
) -> list[Row]:
    ids = [item.role.id for item in items]
    units = await roles.org_units_of(tx, ids)
    exposures = await exposure_repo.of_roles(tx, config_of(settings), ids)
    slates: dict[str, list[dict[str, Any]]] = {}
    for row in await SLATES.fetch(tx, role_ids=ids, top_gaps=TOP_GAPS):
        slates.setdefault(row["role_id"], []).append(row)
    candidates = await _candidates(tx, ids, filters.candidates)
    out: list[Row] = []
    for item in items:
        role_id = item.role.id
        unit = units.get(role_id)
        found = exposures.get(role_id)
        base: Row = {
            "role_id": role_id,
            "role_title": item.role.title,
            "org_unit_id": unit.id if unit else None,
            "org_unit_name": unit.name if unit else None,
            "critical": item.role.critical,
            "incumbent_ids": [i.id for i in item.incumbents],
            "coverage": item.coverage.value,
            "bench_score": item.bench_score,
            "key_person_risk": item.key_person_risk,
            "person_id": None,
            "person_name": None,
            "kind": "NONE",
            "readiness": None,
            "assessed_at": None,
            "assessed_by": None,
            "fit": None,
            "gap_count": None,
            "top_gaps": [],
            "exposure": found.exposure if found else None,
            "exposure_source": found.source.value if found else None,
        }
        people = [_person_row(base, p, "NOMINATED") for p in slates.get(role_id, [])]
        people += [_person_row(base, p, "CANDIDATE") for p in candidates.get(role_id, [])]
        out.extend(people or [base])
    return out


ACTION = "export.readiness"


async def readiness_rows(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    run: ExportRun | None = None,
    on_roles: Callable[[int], None] | None = None,
    *,
    principal: Principal,
    fmt: str | None = None,
) -> AsyncIterator[list[Row]]:
    """Batches of export rows, roles by id, all read in one read transaction.

    Refused (Forbidden) unless the caller is admin, hr or service; audited as `export.readiness`
    with the filters, format and row count once the last batch is read (or the export fails).
    """
    run = run if run is not None else ExportRun()
    detail = {"format": fmt, "filters": filters.describe()}
    target = f"orgUnit:{filters.org_unit_id}" if filters.org_unit_id else "all"
    async with audit.audited(db, principal, ACTION, target, detail) as found:
        access.require(principal, access.EXPORT, "the readiness export")
        async for batch in _rows(db, settings, filters.check(), run, on_roles):
            yield batch
        found.update(roles=run.roles, rows=run.rows)


async def _rows(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    run: ExportRun,
    on_roles: Callable[[int], None] | None,
) -> AsyncIterator[list[Row]]:
    try:
        async with db.driver.session(
            database=db.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            tx = await session.begin_transaction(timeout=settings.export_timeout)
            try:
                if filters.org_unit_id is not None and not await succession.org_unit_exists(
                    tx, filters.org_unit_id
                ):
                    raise NotFound(
                        f"no org unit with id {filters.org_unit_id!r}", field="orgUnitId"
                    )
                items = await succession.bench(
                    tx,
                    None if filters.org_unit_id is None else [filters.org_unit_id],
                    not filters.all_roles,
                    readiness_weights(settings),
                    ALL,
                    None,
                )
                if filters.since is not None:
                    changed = {
                        r["role_id"] for r in await CHANGED_SINCE.fetch(tx, since=filters.since)
                    }
                    items = [i for i in items if i.role.id in changed]
                items.sort(key=lambda i: i.role.id)
                run.roles = len(items)
                run.read_at = datetime.now(UTC).isoformat()
                if on_roles:
                    on_roles(len(items))
                for start in range(0, len(items), ROLE_BATCH):
                    batch = await _batch_rows(
                        tx, items[start : start + ROLE_BATCH], filters, settings
                    )
                    run.rows += len(batch)
                    yield batch
                await tx.commit()
            finally:
                if not tx.closed():
                    await tx.close()
            run.bookmarks = list((await session.last_bookmarks()).raw_values)
    except _OUTAGE as exc:
        raise ServiceUnavailable("the graph database is not reachable") from exc
