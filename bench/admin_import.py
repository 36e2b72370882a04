"""A measured look at Neo4j's offline importer (`neo4j-admin database import full`) for the first
load of a big organisation (issue 19), beside TalentGraph's own import (`bench/run.py`'s
`import_s`).

The demo organisation is generated as `talentgraph demo` does, written in the importer's CSV
format (one file per label and per relationship type, typed headers), and imported into an empty
store of a fresh local Neo4j that is not running (the offline importer needs it stopped); then the
server starts, TalentGraph applies its constraints and indexes, and the script counts what is in
the graph, so the two paths can be compared label by label.

What the offline importer does not do, and TalentGraph's import does: it checks no row (types,
references, cycles, the employment story), it cannot add to a graph that has data, and it writes
no version ledger or shortlists (the first read adopts a version; `talentgraph reindex` builds
the shortlists). So it could only ever serve the first load of a big organisation.

    .venv/bin/python bench/admin_import.py --employees 100000
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.db import Database  # noqa: E402
from graph.demo.loading import csv_value  # noqa: E402
from graph.demo.org import generate_demo  # noqa: E402
from graph.importing.rows import (  # noqa: E402
    AssessmentRow,
    EmployeeRow,
    EmployeeSkillRow,
    EmploymentEventRow,
    OrgUnitRow,
    ReportingLineRow,
    RequirementRow,
    RequisitionRow,
    RoleRow,
    SkillRow,
)
from graph.neo4j_server import LocalNeo4j, free_port  # noqa: E402
from graph.repositories import stats  # noqa: E402
from graph.repositories.schema import migrate  # noqa: E402
from graph.settings import Settings  # noqa: E402

Params = dict[str, Any]
# A column: (header, the row's value)
Column = tuple[str, Callable[[Params], Any]]


def field(name: str, key: str | None = None, kind: str = "") -> Column:
    header = f"{name}:{kind}" if kind else name
    return header, lambda row: row[key or name]


def write(path: Path, columns: list[Column], rows: Iterable[Params]) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow([header for header, _ in columns])
        for row in rows:
            out.writerow([csv_value(value(row)) for _, value in columns])
            count += 1
    return count


def current_readiness(rows: list[Params]) -> Iterator[Params]:
    """The newest assessment of each pair: the `READY_FOR` edge an import leaves."""
    newest: dict[tuple[str, str], Params] = {}
    for row in rows:
        pair = (row["employee_id"], row["role_id"])
        if pair not in newest or row["assessed_at"] > newest[pair]["assessed_at"]:
            newest[pair] = row
    return iter(newest.values())


def admin_files(employees: int, seed: int, folder: Path) -> tuple[list[str], dict[str, int]]:
    """The importer's files for the demo, and its arguments (`--nodes=...`, `--relationships=...`)."""
    demo = generate_demo(employees, seed)
    rows = {t: list(demo.rows(t)) for t in (
        OrgUnitRow, SkillRow, RoleRow, EmployeeRow, RequirementRow, EmployeeSkillRow,
        ReportingLineRow, AssessmentRow, EmploymentEventRow, RequisitionRow,
    )}  # fmt: skip
    people = rows[EmployeeRow]
    events = rows[EmploymentEventRow]
    requisitions = rows[RequisitionRow]
    nodes: dict[str, tuple[list[Column], Iterable[Params]]] = {
        "OrgUnit": ([field("id:ID(OrgUnit)", "id"), field("name")], rows[OrgUnitRow]),
        "Skill": (
            [
                field("id:ID(Skill)", "id"),
                field("name"),
                field("category"),
                field("onetElementId", "onet_element_id"),
            ],
            rows[SkillRow],
        ),
        "Role": (
            [
                field("id:ID(Role)", "id"),
                field("title"),
                field("grade", kind="int"),
                field("critical", kind="boolean"),
                field("occupationCode", "occupation_code"),
            ],
            rows[RoleRow],
        ),
        "Employee": (
            [
                field("id:ID(Employee)", "id"),
                field("name"),
                field("email"),
                field("title"),
                field("hiredOn", "hired_on", "date"),
                field("location"),
                field("active", kind="boolean"),
                field("performance"),
                field("potential"),
                field("riskOfLoss", "risk_of_loss"),
                field("impactOfLoss", "impact_of_loss"),
                field("willingToRelocate", "willing_to_relocate", "boolean"),
            ],
            people,
        ),
        "ReadinessAssessment": (
            [
                field("id:ID(ReadinessAssessment)", "id"),
                ("kind", lambda _: "ASSESSED"),
                field("readiness"),
                field("assessedBy", "assessed_by"),
                field("assessedAt", "assessed_at", "datetime"),
                field("note"),
            ],
            rows[AssessmentRow],
        ),
        "EmploymentEvent": (
            [
                field("id:ID(EmploymentEvent)", "id"),
                field("kind"),
                field("at", kind="datetime"),
                field("reason"),
            ],
            events,
        ),
        "Requisition": (
            [
                field("id:ID(Requisition)", "id"),
                field("openedAt", "opened_at", "datetime"),
                field("filledAt", "filled_at", "datetime"),
                field("status"),
                field("fill"),
            ],
            requisitions,
        ),
    }

    def link(start: str, end: str, a: str, b: str, *props: Column) -> list[Column]:
        return [field(f":START_ID({start})", a), field(f":END_ID({end})", b), *props]

    holds = (
        {"employee_id": p["id"], "role_id": r, "since": p["role_since"] or p["hired_on"]}
        for p in people
        for r in p["role_ids"]
    )
    parents = (u for u in rows[OrgUnitRow] if u["parent_id"])
    relationships: dict[str, list[tuple[list[Column], Iterable[Params]]]] = {
        "PART_OF": [(link("OrgUnit", "OrgUnit", "id", "parent_id"), parents)],
        "IN_UNIT": [(link("Role", "OrgUnit", "id", "org_unit_id"), rows[RoleRow])],
        "HOLDS": [(link("Employee", "Role", "employee_id", "role_id", field("since", kind="date")), holds)],
        "REPORTS_TO": [(link("Employee", "Employee", "employee_id", "manager_id"), rows[ReportingLineRow])],
        "HAS_SKILL": [(
            link("Employee", "Skill", "employee_id", "skill_id", field("level", kind="double"),
                 field("source"), field("assessedOn", "assessed_on", "date")),
            rows[EmployeeSkillRow],
        )],
        "REQUIRES": [(
            link("Role", "Skill", "role_id", "skill_id", field("level", kind="double"),
                 field("weight", kind="double")),
            rows[RequirementRow],
        )],
        "READY_FOR": [(
            link("Employee", "Role", "employee_id", "role_id", field("readiness"),
                 field("assessedBy", "assessed_by"), field("assessedAt", "assessed_at", "datetime"),
                 field("note")),
            current_readiness(rows[AssessmentRow]),
        )],
        "OF": [
            (link("ReadinessAssessment", "Employee", "id", "employee_id"), rows[AssessmentRow]),
            (link("EmploymentEvent", "Employee", "id", "employee_id"), events),
        ],
        "FOR": [
            (link("ReadinessAssessment", "Role", "id", "role_id"), rows[AssessmentRow]),
            (link("Requisition", "Role", "id", "role_id"), requisitions),
        ],
        "FROM": [(link("EmploymentEvent", "Role", "id", "from_role_id"),
                  (e for e in events if e["from_role_id"]))],
        "TO": [(link("EmploymentEvent", "Role", "id", "to_role_id"),
                (e for e in events if e["to_role_id"]))],
        "FILLED_BY": [(link("Requisition", "Employee", "id", "filled_by"),
                       (q for q in requisitions if q["filled_by"]))],
    }  # fmt: skip
    args: list[str] = []
    counts: dict[str, int] = {}
    for label, (columns, found) in nodes.items():
        path = folder / f"{label}.csv"
        counts[label] = write(path, columns, found)
        args.append(f"--nodes={label}={path}")
    for kind, parts in relationships.items():
        for n, (columns, found) in enumerate(parts):
            path = folder / f"{kind}-{n}.csv"
            counts[kind] = counts.get(kind, 0) + write(path, columns, found)
            args.append(f"--relationships={kind}={path}")
    return args, counts


async def graph_counts(settings: Settings) -> tuple[dict[str, int], float]:
    """What the graph holds per label and relationship type, and the seconds `migrate` took."""
    db = Database.connect(settings)
    try:
        started = time.perf_counter()
        await migrate(db)
        schema = time.perf_counter() - started
        async with db.reading() as tx:
            found = await stats.counts(tx)
    finally:
        await db.close()
    return {key.split(":", 1)[1]: n for key, n in found.items()}, schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--heap", default="4g", help="the importer's and the server's heap")
    args = parser.parse_args()
    base = Settings()
    with tempfile.TemporaryDirectory(prefix="talentgraph-admin-import-") as tmp:
        home, files = Path(tmp) / "neo4j", Path(tmp) / "csv"
        files.mkdir()
        server = LocalNeo4j(home, base.cache_dir, base.neo4j_version, free_port(), args.heap, "2g")
        server.ensure_jars()
        server.write_conf()
        started = time.perf_counter()
        arguments, written = admin_files(args.employees, args.seed, files)
        prepared = time.perf_counter() - started
        rows = sum(written.values())
        print(f"generated and wrote {rows:,} rows in the importer's format: {prepared:.1f} s")
        command = [
            "java",
            f"-Xmx{args.heap}",
            "-cp",
            f"{server.lib_dir}/*",
            "org.neo4j.cli.AdminTool",
            "database",
            "import",
            "full",
            "neo4j",
            "--overwrite-destination=true",
            f"--report-file={Path(tmp) / 'import.report'}",
            *arguments,
        ]
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(server.conf_dir)}
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        imported = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:])
            raise SystemExit(f"neo4j-admin database import failed ({done.returncode})")
        tail = [line for line in done.stdout.splitlines() if line.strip()][-4:]
        print(f"neo4j-admin database import full: {imported:.1f} s")
        print("  " + "\n  ".join(tail))
        started = time.perf_counter()
        server.start()
        up = time.perf_counter() - started
        try:
            settings = base.model_copy(update={"neo4j_uri": server.uri})
            found, schema = asyncio.run(graph_counts(settings))
        finally:
            server.stop()
        print(
            f"Neo4j start on the imported store: {up:.1f} s; constraints and indexes: {schema:.1f} s"
        )
        print(
            f"total, generation to a graph ready to serve: {prepared + imported + up + schema:.1f} s"
        )
        print("in the graph (written by the importer / read back):")
        for name in sorted(written):
            print(f"  {name}: {written[name]:,} / {found.get(name, 0):,}")


if __name__ == "__main__":
    main()
