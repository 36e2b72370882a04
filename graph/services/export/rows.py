"""The readiness export's rows: a page of roles at a time inside one read transaction, each role
turned into its rows by the scoring core (bench, cover, key-person risk, fit, exposure), candidates
from a fresh shortlist or scored live; `readiness_rows` gives them in batches, refused unless the
caller may export, and audits the export once it ends."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from graph import version as graph_version
from graph.auth import Principal
from graph.db import Database, Tx
from graph.errors import NotFound
from graph.exporting.formats import Row
from graph.exposure import OCCUPATION_PROPERTY, ExposureSource
from graph.models import Level
from graph.repositories import export as export_reads
from graph.repositories import shortlists as shortlist_reads
from graph.repositories import succession
from graph.repositories.succession import readiness_of
from graph.scoring.bench import Nomination, Weights, figures
from graph.scoring.exposure import role_exposure
from graph.scoring.fit import Needs, PeopleBySkill, held_units
from graph.services import access, audit
from graph.services.export.columns import ExportFilters, ExportRun
from graph.services.shortlists import build
from graph.services.succession import READINESS_RANK, readiness_weights
from graph.settings import Settings

#: Roles per page query: a few thousand rows, so memory stays flat and rows flow early.
ROLE_PAGE = 500
TOP_GAPS = 3


def instant(parts: Sequence[Any]) -> datetime | None:
    """A DateTime read as [epoch seconds, nanosecond, offset seconds], as the driver's
    `to_native()` gives it (same instant and offset, microseconds truncated), without building the
    driver's DateTime first, which took a tenth of the export's time."""
    seconds, nanosecond, offset = parts
    if seconds is None:
        return None
    zone = timezone(timedelta(seconds=offset))
    return datetime.fromtimestamp(seconds, zone).replace(microsecond=nanosecond // 1000)


@dataclass(frozen=True)
class _Scored:
    """One person's line on a role: id, name, fit, how many gaps, the largest gaps' names."""

    person_id: str
    name: str
    fit: float
    gap_count: int
    top_gaps: list[str]


def _scored(needs: Needs, person_id: str, person: tuple[str, dict[str, int]]) -> _Scored:
    name, held = person
    gaps = needs.gaps(held)
    return _Scored(
        person_id,
        name,
        needs.fit(held).value,
        len(gaps),
        [needs.names.get(g.skill_id, g.skill_id) for g in gaps[:TOP_GAPS]],
    )


class _Page:
    """A page's records with the people it read, and what turning them into rows needs."""

    def __init__(
        self,
        records: list[dict[str, Any]],
        people: list[list[Any]],
        weights: Weights,
        dataset: ExposureSource,
        risk_shown: bool,
    ) -> None:
        self.records = records
        self.weights = weights
        self.dataset = dataset
        #: key-person risk is derived from ratings: only for callers who may read everyone's
        self.risk_shown = risk_shown
        self.people: dict[str, tuple[str, dict[str, int]]] = {
            person_id: (name, held_units(skills)) for person_id, name, skills in people
        }

    async def add_people(self, tx: Tx, ids: Sequence[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self.people]
        if missing:
            for person_id, name, skills in await export_reads.people(tx, missing):
                self.people[person_id] = (name, held_units(skills))


async def _live_candidates(tx: Tx, record: dict[str, Any], needs: Needs, wanted: int) -> list[str]:
    """The best `wanted` never-assessed candidates of a role, scored live from everyone who holds
    a skill it requires (its shortlist is stale, or too short for those never assessed)."""
    columns = await shortlist_reads.employee_skills(tx, needs.skill_ids)
    people = PeopleBySkill([person for _, ids, _ in columns for person in ids], columns)
    skip = sorted({i for i, _, _ in record["incumbents"]} | set(record["assessed"]))
    return build(people, [(record["role_id"], needs, skip)], wanted)[0].ids


#: The scale by stored text (a lookup: see `readiness_of`).
_LEVELS: dict[Any, Level] = {level.value: level for level in Level}


def _level(value: Any) -> Level | None:
    """A stored riskOfLoss or impactOfLoss; unknown (as in the API) when outside the scale."""
    try:
        return _LEVELS.get(value)
    except TypeError:  # not hashable, so not on the scale
        return None


def _rows(page: _Page, record: dict[str, Any], candidates: list[str]) -> list[Row]:
    """The rows of one role: its nominated successors, then its candidates, else one NONE row."""
    needs = Needs.named(record["requirements"])
    nominees = [
        (n, readiness) for n in record["nominees"] if (readiness := readiness_of(n[1])) is not None
    ]
    found = figures(
        (Nomination(readiness, int(n[4])) for n, readiness in nominees),
        ((_level(risk), _level(impact)) for _, risk, impact in record["incumbents"]),
        page.weights,
    )
    exposure = role_exposure(record["tasks"], record["occupational"], page.dataset)
    unit = record["org_unit"]
    base: Row = {
        "role_id": record["role_id"],
        "role_title": record["role_title"],
        "org_unit_id": unit[0] if unit else None,
        "org_unit_name": unit[1] if unit else None,
        "critical": record["critical"],
        "incumbent_ids": [i for i, _, _ in record["incumbents"]],
        "coverage": found.bench.coverage.value,
        "cover": float(found.bench.cover),
        "bench_score": float(found.bench.score),
        "key_person_risk": float(found.key_person_risk) if page.risk_shown else None,
        "person_id": None,
        "person_name": None,
        "kind": "NONE",
        "readiness": None,
        "assessed_at": None,
        "assessed_by": None,
        "fit": None,
        "gap_count": None,
        "top_gaps": [],
        "exposure": None if exposure is None else exposure[0],
        "exposure_source": None if exposure is None else exposure[1].value,
    }
    slate = []
    for nominee, readiness in nominees:
        person = page.people.get(nominee[0])
        if person is not None:
            slate.append((readiness, _scored(needs, nominee[0], person), nominee))
    slate.sort(key=lambda s: (READINESS_RANK[s[0]], -s[1].fit, s[1].person_id))
    out: list[Row] = []
    for readiness, scored, nominee in slate:
        out.append(
            base
            | {
                "person_id": scored.person_id,
                "person_name": scored.name,
                "kind": "NOMINATED",
                "readiness": readiness.value,
                "assessed_at": instant(nominee[2]),
                "assessed_by": nominee[3],
                "fit": scored.fit,
                "gap_count": scored.gap_count,
                "top_gaps": scored.top_gaps,
            }
        )
    for person_id in candidates:
        person = page.people.get(person_id)
        if person is None:
            continue
        scored = _scored(needs, person_id, person)
        if scored.fit > 0:
            out.append(
                base
                | {
                    "person_id": person_id,
                    "person_name": scored.name,
                    "kind": "CANDIDATE",
                    "fit": scored.fit,
                    "gap_count": scored.gap_count,
                    "top_gaps": scored.top_gaps,
                }
            )
    return out or [base]


async def _page_rows(tx: Tx, page: _Page, stamp: str, wanted: int) -> list[Row]:
    chosen: dict[str, list[str]] = {}
    for record in page.records:
        scan: list[str] = record["scan"]
        fresh = record["shortlist_version"] == stamp
        if not wanted:
            chosen[record["role_id"]] = []
        elif fresh and (len(scan) >= wanted or record["complete"]):
            chosen[record["role_id"]] = scan[:wanted]
        else:
            needs = Needs.named(record["requirements"])
            chosen[record["role_id"]] = await _live_candidates(tx, record, needs, wanted)
    await page.add_people(tx, [i for ids in chosen.values() for i in ids])
    batch: list[Row] = []
    for record in page.records:
        batch.extend(_rows(page, record, chosen[record["role_id"]]))
    return batch


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
    export_id: str | None = None,
    ending: Callable[[], dict[str, Any]] | None = None,
) -> AsyncGenerator[list[Row], None]:
    """Batches of export rows, roles by id, all read in one read transaction.

    Refused (Forbidden) unless the caller is admin, hr or service; audited as `export.readiness`
    (an event with the id `export_id` when given) with the filters, format and row count, and
    what `ending()` adds, once the last batch is read (or the export fails).
    """
    run = run if run is not None else ExportRun()
    detail = {"format": fmt, "filters": filters.describe()}
    target = f"orgUnit:{filters.org_unit_id}" if filters.org_unit_id else "all"
    async with audit.audited(db, principal, ACTION, target, detail, event_id=export_id) as found:
        access.require(principal, access.EXPORT, "the readiness export")
        risk_shown = principal.has(*access.SENSITIVE_ALL)
        async for batch in _read(db, settings, filters.check(), run, on_roles, risk_shown):
            yield batch
        found.update(roles=run.roles, rows=run.rows)
        if ending is not None:
            found.update(ending())


async def _read(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    run: ExportRun,
    on_roles: Callable[[int], None] | None,
    risk_shown: bool,
) -> AsyncIterator[list[Row]]:
    scope = {
        "critical_only": not filters.all_roles,
        "org_unit_id": filters.org_unit_id,
        "since": filters.since,
    }
    params = {
        **scope,
        "occupation_property": OCCUPATION_PROPERTY[settings.exposure_dataset],
        "first": ROLE_PAGE,
        "scan": filters.candidates,
    }
    weights = readiness_weights(settings)
    stamp = await graph_version.now(db)
    async with db.reading(one_transaction=True, limit=settings.export_timeout) as tx:
        if filters.org_unit_id is not None and not await succession.org_unit_exists(
            tx, filters.org_unit_id
        ):
            raise NotFound(f"no org unit with id {filters.org_unit_id!r}", field="orgUnitId")
        run.roles = await export_reads.role_count(
            tx,
            critical_only=not filters.all_roles,
            org_unit_id=filters.org_unit_id,
            since=filters.since,
        )
        run.read_at = datetime.now(UTC).isoformat()
        if on_roles:
            on_roles(run.roles)
        # Pipelined: the next page is asked for before this one's rows are built and written, so
        # the server computes while this process encodes.
        pending: export_reads.Started | None = await export_reads.start_page(tx, params, "")
        while pending is not None:
            records, people = await export_reads.page(pending)
            page = _Page(records, people, weights, settings.exposure_dataset, risk_shown)
            pending = None
            if len(records) == ROLE_PAGE:
                pending = await export_reads.start_page(tx, params, records[-1]["role_id"])
            batch = await _page_rows(tx, page, stamp, filters.candidates)
            if batch:
                run.rows += len(batch)
                yield batch
    run.bookmarks = await tx.bookmarks()
