"""The readiness export: every in-scope role's succession picture, one row per (role, person).

Rows are read a page of roles at a time inside one read transaction: one query per page
(export/readiness_page: what bench, exposure, slate and candidates of 500 roles are worked out
from, with the skills of the page's people, in one record); the next page is asked for before the
current one is turned into rows, so the server reads while this process writes, and memory stays
flat whatever the size of the organisation. Every figure comes from the scoring core, as in
GraphQL: bench, cover and key-person risk as `benchStrength`, nominated fit as `successors`,
candidate fit as `successionCandidates`, exposure as `Role.exposure` (tests compare them).
Candidates come from the head of each role's shortlist when it was built at the graph version
read before the export started (graph/services/shortlists.py), else are scored live for that
role. The same generator feeds files (`talentgraph export readiness`) and HTTP (`GET
/exports/readiness`). Exports are for admin, hr and service callers (graph/services/access.py),
and each one is audited once it ends.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

from graph import version as graph_version
from graph.auth import Principal
from graph.db import Database, Tx
from graph.errors import BadUserInput, Conflict, NotFound
from graph.exporting.files import ExportResult, manifest, write_export
from graph.exporting.formats import Column, ExportFormat, Row, encoder
from graph.exposure import OCCUPATION_PROPERTY, ExposureSource
from graph.models import AuditEvent, AuditOutcome, Coverage, Level, Readiness
from graph.repositories import audit as audit_reads
from graph.repositories import export as export_reads
from graph.repositories import shortlists as shortlist_reads
from graph.repositories import succession
from graph.repositories.succession import readiness_of
from graph.scoring.bench import Nomination, Weights, figures
from graph.scoring.exposure import role_exposure
from graph.scoring.fit import Needs, PeopleBySkill, held_units
from graph.services import access, audit
from graph.services.shortlists import build
from graph.services.succession import READINESS_RANK, readiness_weights
from graph.settings import Settings

MAX_CANDIDATES = 50
#: Roles per page query: a few thousand rows, so memory stays flat and rows flow early.
ROLE_PAGE = 500
TOP_GAPS = 3

_UTC = pa.timestamp("us", tz="UTC")

#: The export's columns, in order. Documented in the README; fixed by a test.
COLUMNS: tuple[Column, ...] = (
    Column("role_id", pa.string(), "role id"),
    Column("role_title", pa.string(), "role title"),
    Column("org_unit_id", pa.string(), "the role's org unit"),
    Column("org_unit_name", pa.string(), "its name"),
    Column("critical", pa.bool_(), "whether the role is critical"),
    Column("incumbent_ids", pa.list_(pa.string()), "active incumbents, by id (CSV: joined by ;)"),
    Column(
        "coverage",
        pa.string(),
        "COVERED, NOT_READY or UNCOVERED",
        values=tuple(c.value for c in Coverage),
    ),
    Column(
        "cover",
        pa.float64(),
        "chance at least one nominated successor can step in, 0 to 1 (CSV: a percentage)",
        percent=True,
    ),
    Column("bench_score", pa.float64(), "nominated successors in ready-now equivalents"),
    Column(
        "key_person_risk",
        pa.float64(),
        "worst incumbent's loss risk × (1 − cover); empty for a service caller (from ratings)",
    ),
    Column("person_id", pa.string(), "the successor or candidate (empty for kind NONE)"),
    Column("person_name", pa.string(), "their name"),
    Column(
        "kind",
        pa.string(),
        "NOMINATED (on the slate), CANDIDATE (never assessed) or NONE",
        values=("NOMINATED", "CANDIDATE", "NONE"),
    ),
    Column(
        "readiness",
        pa.string(),
        "current readiness (NOMINATED only)",
        values=tuple(r.value for r in Readiness),
    ),
    Column("assessed_at", _UTC, "when it was assessed (UTC)"),
    Column("assessed_by", pa.string(), "who assessed it"),
    Column("fit", pa.float64(), "skill fit, 0 to 1 (CSV: a percentage)", percent=True),
    Column("gap_count", pa.int64(), "how many required skills fall short"),
    Column("top_gaps", pa.list_(pa.string()), "names of the 3 largest gaps (CSV: joined by ;)"),
    Column("exposure", pa.float64(), "automation exposure of the role, empty when unknown"),
    Column(
        "exposure_source",
        pa.string(),
        "where the exposure figure comes from",
        values=tuple(e.value for e in ExposureSource),
    ),
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


def _level(value: Any) -> Level | None:
    """A stored riskOfLoss or impactOfLoss; unknown (as in the API) when outside the scale."""
    try:
        return Level(value)
    except ValueError:
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


__all__ = [
    "COLUMNS",
    "ExportFilters",
    "ExportFormat",
    "ExportResult",
    "ExportRun",
    "ExportStream",
    "readiness_file",
    "readiness_manifest",
    "readiness_rows",
    "readiness_stream",
]


async def readiness_file(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    fmt: ExportFormat,
    path: Path,
    *,
    principal: Principal,
    on_roles: Callable[[int], None] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> tuple[ExportResult, ExportRun]:
    """The readiness export written to `path` (atomically) with its manifest beside it;
    `on_done(roles)` as roles are written."""
    run = ExportRun()
    export_id = audit.new_event_id()

    async def batches() -> AsyncIterator[list[Row]]:
        done = 0
        async for batch in readiness_rows(
            db,
            settings,
            filters,
            run,
            on_roles,
            principal=principal,
            fmt=fmt.value,
            export_id=export_id,
        ):
            done += len({r["role_id"] for r in batch})
            if on_done:
                on_done(done)
            yield batch

    result = await write_export(
        batches(),
        fmt,
        COLUMNS,
        path,
        lambda: {
            "exportId": export_id,
            "filters": filters.check().describe(),
            "roles": run.roles,
            "readAt": run.read_at,
            "bookmarks": run.bookmarks,
            "database": db.database,
        },
    )
    return result, run


@dataclass(frozen=True)
class ExportStream:
    """An export on its way over HTTP: the id its manifest is asked for by (that of its audit
    event), the file name to offer, and the bytes as they are produced."""

    id: str
    filename: str
    media_type: str
    body: AsyncGenerator[bytes, None]


async def readiness_stream(
    db: Database,
    settings: Settings,
    filters: ExportFilters,
    fmt: ExportFormat,
    *,
    principal: Principal,
) -> ExportStream:
    """The readiness export as the bytes of a file, as they are produced. The first batch is
    read before this returns, so a refusal, a bad org unit or an outage is raised here rather
    than breaking a stream already under way.

    Its manifest (`readiness_manifest`) is what the export's audit event records: the byte count
    and sha256 of the whole body, worked out as it is produced and recorded before its last
    bytes are handed on, so it is there by the time a client has the whole file.
    """
    export_id = audit.new_event_id()
    filename = f"readiness-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.{fmt.value}"
    run = ExportRun()
    enc = encoder(fmt, COLUMNS)
    digest = hashlib.sha256()
    size = 0

    def counted(data: bytes) -> bytes:
        nonlocal size
        digest.update(data)
        size += len(data)
        return data

    head = counted(enc.header())
    tail: list[bytes] = []

    def ending() -> dict[str, Any]:
        tail.append(counted(enc.footer()))
        return {
            "file": filename,
            "sha256": digest.hexdigest(),
            "bytes": size,
            "generatedAt": datetime.now(UTC).isoformat(),
            "readAt": run.read_at,
            "bookmarks": run.bookmarks,
            "database": db.database,
        }

    rows = readiness_rows(
        db,
        settings,
        filters,
        run,
        principal=principal,
        fmt=fmt.value,
        export_id=export_id,
        ending=ending,
    )
    first = await anext(rows, None)

    async def body() -> AsyncGenerator[bytes, None]:
        try:
            yield head
            if first is not None:
                yield counted(enc.encode(first))
            async for batch in rows:
                yield counted(enc.encode(batch))
            yield b"".join(tail)
        finally:  # a download abandoned half way ends its read and is audited as such at once
            await rows.aclose()

    return ExportStream(export_id, filename, fmt.media_type, body())


#: How long after an HTTP export its manifest is answered.
MANIFEST_KEPT = timedelta(hours=24)
MANIFEST_ACTION = "export.readiness.manifest"


async def readiness_manifest(
    db: Database, export_id: str, *, principal: Principal
) -> dict[str, Any]:
    """The manifest of a readiness export streamed over HTTP (`readiness_stream`), read from its
    audit event: to its caller only, for `MANIFEST_KEPT` after it; NotFound for any other id,
    caller or time, Conflict for an export that did not complete. Audited itself."""
    async with audit.audited(db, principal, MANIFEST_ACTION, export_id):
        access.require(principal, access.EXPORT, "the readiness export")
        async with db.reading() as tx:
            event = await audit_reads.event(tx, export_id)
        return _manifest_of(event, export_id, principal)


def _manifest_of(event: AuditEvent | None, export_id: str, principal: Principal) -> dict[str, Any]:
    hours = MANIFEST_KEPT.total_seconds() / 3600
    missing = NotFound(
        f"no readiness export {export_id!r} of yours from the last {hours:g} hours: a manifest is "
        "kept, for the caller who downloaded the export, from the moment its last bytes are sent",
        field="id",
    )
    if (
        event is None
        or event.action != ACTION
        or event.actor != audit.actor_of(principal)
        or event.at < datetime.now(UTC) - MANIFEST_KEPT
    ):
        raise missing
    if event.outcome is AuditOutcome.FAILURE:
        raise Conflict(
            f"the readiness export {export_id!r} did not complete ({event.code}), so no file "
            "was sent whole and there is no manifest: download it again",
            field="id",
            exportCode=event.code,
        )
    try:
        found = json.loads(event.detail or "")
        fmt = ExportFormat(found["format"])
    except (ValueError, KeyError, TypeError):
        found, fmt = {}, None
    if fmt is None or "sha256" not in found:  # written to a file, or the detail was cut
        raise NotFound(
            f"the readiness export {export_id!r} was not streamed over HTTP: a file export's "
            "manifest is the PATH.manifest.json beside it",
            field="id",
        )
    return manifest(
        fmt,
        COLUMNS,
        file=found["file"],
        rows=found["rows"],
        sha256=found["sha256"],
        size=found["bytes"],
        generated_at=found["generatedAt"],
        exportId=export_id,
        filters=found["filters"],
        roles=found["roles"],
        readAt=found["readAt"],
        bookmarks=found["bookmarks"],
        database=found["database"],
    )
