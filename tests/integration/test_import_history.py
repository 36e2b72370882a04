"""employment_events.csv and requisitions.csv through the CSV import: written (idempotently) when
they tell one consistent story, refused with file and line when they do not (nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db import Database
from graph.importing.csv_import import ImportRejected, import_directory
from tests.support.factories import Org, count_graph

EVENTS = "employment_events.csv"


def company() -> Org:
    """R1 (grade 3) and R2 (grade 5) in U1; A moved up from R1 to R2, B was hired into R1,
    C left R1."""
    return (
        Org()
        .unit("U1")
        .role("R1", "U1", grade=3)
        .role("R2", "U1", grade=5)
        .employee("A", holds=("R2",))
        .employee("B", holds=("R1",))
        .employee("C", active=False)
        .event("A", "PROMOTION", "2025-03-01T00:00:00Z", "R1", "R2")
        .event("B", "HIRE", "2025-04-01T00:00:00Z", to_role="R1")
        .event("C", "HIRE", "2024-01-01T00:00:00Z", to_role="R1")
        .event("C", "EXIT", "2025-02-01T00:00:00Z", "R1", reason="VOLUNTARY")
        .requisition("Q1", "R1", "2025-02-01T00:00:00Z", "2025-04-01T00:00:00Z", "EXTERNAL", "B")
        .requisition("Q2", "R2", "2025-05-01T00:00:00Z")
    )


async def refused(db: Database, folder: Path) -> list[str]:
    before = await count_graph(db)
    with pytest.raises(ImportRejected, match="nothing was written") as caught:
        await import_directory(db, folder, batch_size=2)
    assert await count_graph(db) == before, "a refused import wrote something"
    return [str(issue) for issue in caught.value.issues]


async def test_history_is_imported_once(db: Database, tmp_path: Path) -> None:
    folder = company().write_csv(tmp_path / "in")
    report = await import_directory(db, folder, batch_size=2)
    assert report.files[EVENTS] == 4
    assert report.files["requisitions.csv"] == 2
    counts = await count_graph(db)
    assert counts["node:EmploymentEvent"] == 4
    assert counts["node:Requisition"] == 2
    assert counts["relationship:FILLED_BY"] == 1
    # FROM: the PROMOTION and the EXIT; TO: the PROMOTION and the two HIREs
    assert counts["relationship:FROM"] == 2
    assert counts["relationship:TO"] == 3
    await import_directory(db, folder, batch_size=1000)
    assert await count_graph(db) == counts


async def test_a_later_event_file_continues_the_story(db: Database, tmp_path: Path) -> None:
    await import_directory(db, company().write_csv(tmp_path / "a"), batch_size=10)
    later = (
        Org()
        .employee("B", holds=("R2",))
        .event("B", "MOVE", "2025-09-01T00:00:00Z", "R1", "R2", id="ev-9")
    )
    await import_directory(db, later.write_csv(tmp_path / "b"), batch_size=10)
    wrong = Org().event("A", "EXIT", "2025-10-01T00:00:00Z", "R1", reason="OTHER", id="ev-10")
    assert await refused(db, wrong.write_csv(tmp_path / "c")) == [
        f"{EVENTS}:2: column 'from_role_id': an EXIT out of role 'R1', but 'A' holds role 'R2' "
        "at that time (in the graph)",
        f"{EVENTS}:2: column 'kind': employee 'A' left (EXIT 'ev-10', line 2) but is active "
        "(in the graph); someone who left is inactive until hired again",
    ]


async def test_contradictions_are_refused_with_their_line(db: Database, tmp_path: Path) -> None:
    org = (
        Org()
        .unit("U1")
        .role("R1", "U1")
        .role("R2", "U1")
        .employee("A", holds=("R2",))
        .employee("B", holds=("R1",))
        .employee("C", holds=("R2",))
        .employee("D", active=False)
        # A: EXIT of someone who never held R1 (holds R2 since the MOVE)
        .event("A", "MOVE", "2025-01-01T00:00:00Z", "R1", "R2")
        .event("A", "EXIT", "2025-02-01T00:00:00Z", "R1", reason="VOLUNTARY")
        .event("A", "HIRE", "2025-03-01T00:00:00Z", to_role="R2")
        # B: a MOVE into a role that does not exist
        .event("B", "MOVE", "2025-01-01T00:00:00Z", "R1", "R9")
        # C: out of order (an EXIT, then a MOVE without a HIRE in between)
        .event("C", "EXIT", "2025-01-01T00:00:00Z", "R1", reason="INVOLUNTARY")
        .event("C", "MOVE", "2025-02-01T00:00:00Z", "R1", "R2")
        # D: two events at once; and a HIRE without a role
        .event("D", "HIRE", "2025-01-01T00:00:00Z", to_role="R1")
        .event("D", "EXIT", "2025-01-01T00:00:00Z", "R1", reason="OTHER")
    )
    folder = org.write_csv(tmp_path / "in")
    with (folder / EVENTS).open("a", encoding="utf-8") as handle:
        handle.write("ev-x,D,HIRE,2025-05-01T00:00:00Z,R1,,\n")
        handle.write("ev-y,D,EXIT,2025-06-01T00:00:00Z,R1,,\n")
    issues = await refused(db, folder)
    assert issues == [
        f"{EVENTS}:3: column 'from_role_id': an EXIT out of role 'R1', but 'A' holds role 'R2' "
        "at that time (line 2)",
        f"{EVENTS}:5: column 'to_role_id': the last event of employee 'B' ('ev-4', line 5) puts "
        "them in role 'R9', but they hold R1 (employees.csv line 3)",
        f"{EVENTS}:5: column 'to_role_id': unknown role 'R9'",
        f"{EVENTS}:7: column 'from_role_id': a MOVE of 'C', who is not employed at that time "
        "(their last event before it is an EXIT) (line 6)",
        f"{EVENTS}:9: column 'at': employee 'D' has another event at the same time ('ev-7', "
        "line 8); one person's events need an order",
        f"{EVENTS}:10: column 'from_role_id': a HIRE comes from no role; leave from_role_id empty",
        f"{EVENTS}:11: column 'reason': an EXIT needs a reason: VOLUNTARY, INVOLUNTARY, "
        "RETIREMENT or OTHER",
    ]


async def test_an_event_id_is_recorded_once(db: Database, tmp_path: Path) -> None:
    await import_directory(db, company().write_csv(tmp_path / "a"), batch_size=10)
    changed = Org().event("C", "EXIT", "2025-02-02T00:00:00Z", "R1", reason="OTHER", id="ev-4")
    issues = await refused(db, changed.write_csv(tmp_path / "b"))
    assert issues == [
        f"{EVENTS}:2: column 'id': event 'ev-4' is already recorded with other content (EXIT of "
        "'C' at 2025-02-01T00:00:00+00:00); employment history is append-only: give a new event "
        "a new id"
    ]


async def test_requisition_rows_are_checked(db: Database, tmp_path: Path) -> None:
    org = (
        Org()
        .unit("U1")
        .role("R1", "U1")
        .requisition("Q1", "R1", "2025-02-01T00:00:00Z", status="CANCELLED")
    )
    folder = org.write_csv(tmp_path / "in")
    with (folder / "requisitions.csv").open("a", encoding="utf-8") as handle:
        handle.write("Q2,R1,2025-02-01T00:00:00Z,2025-01-01T00:00:00Z,FILLED,INTERNAL,\n")
        handle.write("Q3,R1,2025-02-01T00:00:00Z,,FILLED,,\n")
        handle.write("Q4,R1,2025-02-01T00:00:00Z,2025-03-01T00:00:00Z,OPEN,,\n")
        handle.write("Q5,R8,2025-02-01T00:00:00Z,,OPEN,,\n")
    assert await refused(db, folder) == [
        "requisitions.csv:3: column 'filled_at': filled before it was opened "
        "(filled_at < opened_at)",
        "requisitions.csv:4: column 'filled_at': a FILLED requisition needs filled_at",
        "requisitions.csv:5: column 'filled_at': only a FILLED requisition has filled_at (this "
        "one is OPEN)",
        "requisitions.csv:6: column 'role_id': unknown role 'R8'",
    ]
