"""The readiness export: every in-scope role's succession picture, one row per (role, person).

Rows are read a page of roles at a time inside one read transaction: one query per page
(export/readiness_page: bench, exposure, requirements, nominees and shortlist heads of 500 roles,
with the skills of the page's people, in one record), then the fits, worked out here and rounded
by Neo4j (graph/services/export_fits.py); the next page is asked for before the current one is
turned into rows, so the server computes while this process writes, and memory stays flat
whatever the size of the organisation. The same generator feeds files (`talentgraph export
readiness`) and HTTP (`GET /exports/readiness`), and its figures are the ones GraphQL gives (bench
from `benchStrength`, nominated fit from `successors`, candidate fit from `successionCandidates`;
tests compare them). Exports are for admin, hr and service callers (graph/services/access.py),
and each one is audited once it ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j
import pyarrow as pa

from graph.auth import Principal
from graph.cypher import QUERY_COUNTS, Tx, q
from graph.db import _OUTAGE, Database
from graph.errors import BadUserInput, NotFound, ServiceUnavailable
from graph.exporting.formats import Column, Row
from graph.fit_index import SHORTLIST_MARGIN
from graph.repositories import succession
from graph.services import access, audit
from graph.services.export_fits import TOP_GAPS, Candidate, PageScorer, RoleFits
from graph.services.exposure import config_of
from graph.settings import Settings

PAGE = q("export/readiness_page")
ROLE_COUNT = q("export/role_count")
UNASSESSED_LIVE = q("export/unassessed_candidates_live")

MAX_CANDIDATES = 50
#: Roles per page query: a few thousand rows, so memory stays flat and rows flow early.
ROLE_PAGE = 500

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


#: People scanned per role from the head of a fresh shortlist with the page, beyond those asked for.
QUICK_MARGIN = 1
#: Far more than float rounding can move a fit (about 1e-12: graph/fit_index.py), far less than
#: the gap between distinct fits.
TIE = 1e-9


def _quick_is_enough(record: dict[str, Any], fits: RoleFits, wanted: int) -> bool:
    """Whether the few shortlisted people scanned with the page surely hold the role's best
    `wanted` never-assessed candidates.

    The shortlist is best first by a fit that differs from the Cypher fit by float rounding only
    (< TIE), so nobody after the scored head, on the shortlist or off it, can beat the lowest fit
    scored by more than TIE. When that lowest fit is more than TIE below the `wanted`-th best,
    nobody unscored can enter the top `wanted` or tie with it. Otherwise (near-ties) the role is
    scored again with the full margin, as `successionCandidates` does.
    """
    if fits.exhausted and record["complete"]:
        return True  # every eligible person was scored
    found = fits.candidates
    return (
        fits.found > wanted
        and len(found) == wanted
        and fits.lowest is not None
        and fits.lowest + TIE < found[-1][2]
    )


async def _full_scan(
    tx: Tx, scorer: PageScorer, records: list[dict[str, Any]], wanted: int
) -> dict[str, list[Candidate]]:
    """The candidates of roles the page's scan could not settle: the head of a fresh shortlist with
    the full margin, else (no fresh shortlist, or too few people on an incomplete one) everyone,
    scored in Cypher."""
    margin = wanted + SHORTLIST_MARGIN
    heads = await scorer.rescore([r["role_id"] for r in records if r["fresh"]], margin)
    found: dict[str, list[Candidate]] = {}
    for record in records:
        role_id = record["role_id"]
        scored, best = heads.get(role_id, (0, []))
        # Fewer never-assessed people than asked for in an incomplete shortlist: score everyone.
        if role_id in heads and (record["complete"] or scored >= margin):
            found[role_id] = best
        else:
            live = await UNASSESSED_LIVE.fetch(
                tx, role_id=role_id, candidates=wanted, top_gaps=TOP_GAPS
            )
            found[role_id] = [_candidate(row) for row in live]
    return found


async def _settle(
    tx: Tx, records: list[dict[str, Any]], people: list[list[Any]], wanted: int
) -> list[tuple[RoleFits, list[Candidate]]]:
    """Each role's slate and candidates: those scored from the head of its shortlist when they
    surely are its best, else scored again (`_full_scan`)."""
    scorer = PageScorer(tx, wanted, people)
    fits = await scorer.page(records)
    unsettled = [
        record
        for record, role_fits in zip(records, fits, strict=True)
        if wanted and not _quick_is_enough(record, role_fits, wanted)
    ]
    rescored = await _full_scan(tx, scorer, unsettled, wanted) if unsettled else {}
    return [
        (role_fits, rescored.get(record["role_id"], role_fits.candidates))
        for record, role_fits in zip(records, fits, strict=True)
    ]


def _candidate(row: dict[str, Any]) -> Candidate:
    return (
        row["employee"]["id"],
        row["employee"]["name"],
        row["fit"],
        row["gapCount"],
        row["topGaps"],
    )


def _role_rows(record: dict[str, Any], fits: RoleFits, candidates: list[Candidate]) -> list[Row]:
    """The rows of one role: its nominated successors, then its candidates, else one NONE row."""
    unit = record["org_unit"]
    nominated = record["nominated"]
    base: Row = {
        "role_id": record["role_id"],
        "role_title": record["role_title"],
        "org_unit_id": unit[0] if unit else None,
        "org_unit_name": unit[1] if unit else None,
        "critical": record["critical"],
        "incumbent_ids": record["incumbent_ids"],
        "coverage": (
            "UNCOVERED" if not nominated else "COVERED" if record["ready_now"] else "NOT_READY"
        ),
        "bench_score": record["bench_score"],
        "key_person_risk": record["key_person_risk"],
        "person_id": None,
        "person_name": None,
        "kind": "NONE",
        "readiness": None,
        "assessed_at": None,
        "assessed_by": None,
        "fit": None,
        "gap_count": None,
        "top_gaps": [],
        "exposure": record["exposure"],
        "exposure_source": record["exposure_source"],
    }
    out: list[Row] = []
    for person_id, name, readiness, at, by, fit, gap_count, top_gaps in fits.slate:
        out.append(
            base
            | {
                "person_id": person_id,
                "person_name": name,
                "kind": "NOMINATED",
                "readiness": readiness,
                "assessed_at": at,
                "assessed_by": by,
                "fit": fit,
                "gap_count": gap_count,
                "top_gaps": top_gaps,
            }
        )
    for person_id, name, fit, gap_count, top_gaps in candidates:
        out.append(
            base
            | {
                "person_id": person_id,
                "person_name": name,
                "kind": "CANDIDATE",
                "fit": fit,
                "gap_count": gap_count,
                "top_gaps": top_gaps,
            }
        )
    return out or [base]


async def _start_page(tx: Tx, params: dict[str, Any], after: str) -> neo4j.AsyncResult:
    """Ask for the page of roles after `after`; the server computes it while the caller is busy."""
    bound = PAGE.bind({**params, "after": after})
    QUERY_COUNTS[PAGE.name] += 1
    return await tx.run(PAGE.text, bound)


async def _page(result: neo4j.AsyncResult) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """A page's roles and people (its one record holds them all). Their values are plain, so the
    recursive conversion `Query.fetch` does would only cost time."""
    record = await result.single(strict=True)
    return record["roles"], record["people"]


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
    config = config_of(settings)
    scope = {
        "critical_only": not filters.all_roles,
        "org_unit_id": filters.org_unit_id,
        "since": filters.since,
    }
    params = {
        **scope,
        **config.occupation,
        **config.weights,
        "first": ROLE_PAGE,
        "candidates": filters.candidates,
        "scan": filters.candidates + QUICK_MARGIN,
    }
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
                counted = await ROLE_COUNT.single(tx, **scope)
                run.roles = int(counted["roles"]) if counted else 0
                run.read_at = datetime.now(UTC).isoformat()
                if on_roles:
                    on_roles(run.roles)
                # Pipelined: the next page is asked for before this one's rows are built and written,
                # so the server computes while this process encodes.
                pending: neo4j.AsyncResult | None = await _start_page(tx, params, "")
                while pending is not None:
                    records, people = await _page(pending)
                    settled = await _settle(tx, records, people, filters.candidates)
                    pending = None
                    if len(records) == ROLE_PAGE:
                        pending = await _start_page(tx, params, records[-1]["role_id"])
                    batch: list[Row] = []
                    for record, (role_fits, found) in zip(records, settled, strict=True):
                        batch.extend(_role_rows(record, role_fits, found))
                    if batch:
                        run.rows += len(batch)
                        yield batch
                await tx.commit()
            finally:
                if not tx.closed():
                    await tx.close()
            run.bookmarks = list((await session.last_bookmarks()).raw_values)
    except _OUTAGE as exc:
        raise ServiceUnavailable("the graph database is not reachable") from exc
