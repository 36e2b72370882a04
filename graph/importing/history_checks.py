"""Checks of an import's employment events that no single row can fail: one person's events must
tell one story, and it must end where the holdings say the person is (DESIGN §3 EmploymentEvent).

Each person's events (those in the graph and those of the file, one id recorded once) are read in
time order. A HIRE is of someone not employed then; a MOVE, PROMOTION or EXIT leaves the role the
person holds then (before their first event, whatever role it names); after an EXIT the person
holds nothing until a HIRE. Two events of one person at the same instant have no order, so they
are refused. The story's end is compared with the holdings after the import (the employees file,
else the graph), for the people the file has events of: after an EXIT the person is inactive;
otherwise they are active and hold the role their last event put them in.

History is append-only: an event id already recorded with other content is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from graph.db import Database
from graph.importing.issues import ImportIssue
from graph.importing.rows import EmployeeRow, EmploymentEventRow
from graph.importing.writer import batched
from graph.repositories import imports

FILE = EmploymentEventRow.FILE


@dataclass(frozen=True)
class Event:
    id: str
    employee_id: str
    kind: str
    at: datetime
    from_role_id: str | None
    to_role_id: str | None
    reason: str | None

    @classmethod
    def of_row(cls, row: EmploymentEventRow) -> Event:
        return cls(
            row.id,
            row.employee_id,
            row.kind.value,
            row.at,
            row.from_role_id,
            row.to_role_id,
            row.reason.value if row.reason else None,
        )

    @classmethod
    def of_graph(cls, values: dict[str, Any]) -> Event:
        return cls(**values)


@dataclass
class History:
    """The file's events with their lines, and the employees file's holdings."""

    events: dict[str, tuple[Event, int]] = field(default_factory=dict)
    #: employee -> (active, roles held, line) from the employees file of the same import
    employees: dict[str, tuple[bool, frozenset[str], int]] = field(default_factory=dict)


def _where(line: int | None) -> str:
    return f"line {line}" if line is not None else "in the graph"


async def check(db: Database, history: History) -> list[ImportIssue]:
    if not history.events:
        return []
    people = sorted({e.employee_id for e, _ in history.events.values()})
    recorded: dict[str, Event] = {}
    for batch in batched(people, 5_000):
        ids = [i for i, (e, _) in history.events.items() if e.employee_id in set(batch)]
        async with db.reading() as tx:
            for values in await imports.employment_history(tx, batch, ids):
                event = Event.of_graph(values)
                recorded[event.id] = event
    issues: list[ImportIssue] = []
    stories: dict[str, list[tuple[Event, int | None]]] = {p: [] for p in people}
    for event_id, (event, line) in history.events.items():
        old = recorded.get(event_id)
        if old is not None and old != event:
            issues.append(
                ImportIssue(
                    FILE,
                    line,
                    "id",
                    f"event {event_id!r} is already recorded with other content "
                    f"({old.kind} of {old.employee_id!r} at {old.at.isoformat()}); employment "
                    "history is append-only: give a new event a new id",
                )
            )
            continue
        stories[event.employee_id].append((event, line))
    for event in recorded.values():
        if event.id not in history.events and event.employee_id in stories:
            stories[event.employee_id].append((event, None))
    states = await _states(db, [p for p in people if p not in history.employees])
    for person, story in stories.items():
        story.sort(key=lambda item: (item[0].at, item[0].id))
        issues += story_issues(person, story)
        issues += end_issues(person, story, history.employees.get(person), states.get(person))
    return issues


async def _states(db: Database, ids: list[str]) -> dict[str, tuple[bool, frozenset[str]]]:
    found: dict[str, tuple[bool, frozenset[str]]] = {}
    for batch in batched(ids, 10_000):
        async with db.reading() as tx:
            for row in await imports.employee_states(tx, batch):
                found[row["employee_id"]] = (row["active"], frozenset(row["role_ids"]))
    return found


def story_issues(person: str, story: list[tuple[Event, int | None]]) -> list[ImportIssue]:
    issues = []
    #: what the person holds after the events so far: a role, None (not employed), or unknown
    #: (before their first event); and the line of the event that put them there
    held: str | None = None
    known = False
    since: int | None = None
    previous: tuple[Event, int | None] | None = None
    for event, line in story:
        if previous is not None and previous[0].at == event.at and line is not None:
            issues.append(
                ImportIssue(
                    FILE,
                    line,
                    "at",
                    f"employee {person!r} has another event at the same time "
                    f"({previous[0].id!r}, {_where(previous[1])}); one person's events need an "
                    "order",
                )
            )
        elif line is not None:
            problem = _contradiction(event, held, known)
            if problem:
                issues.append(
                    ImportIssue(FILE, line, problem[0], f"{problem[1]} ({_where(since)})")
                )
        held = event.to_role_id
        known = True
        since = line
        previous = (event, line)
    return issues


def _contradiction(event: Event, held: str | None, known: bool) -> tuple[str, str] | None:
    """(column, reason) when `event` cannot follow a story that left the person holding `held`."""
    who = repr(event.employee_id)
    if event.kind == "HIRE":
        if known and held is not None:
            return "kind", f"a HIRE of {who}, who holds role {held!r} at that time"
        return None
    if not known:
        return None
    if held is None:
        return (
            "from_role_id",
            f"a{'n' if event.kind == 'EXIT' else ''} {event.kind} of {who}, who is not employed "
            "at that time (their last event before it is an EXIT)",
        )
    if event.from_role_id != held:
        return (
            "from_role_id",
            f"a{'n' if event.kind == 'EXIT' else ''} {event.kind} out of role "
            f"{event.from_role_id!r}, but {who} holds role {held!r} at that time",
        )
    return None


def end_issues(
    person: str,
    story: list[tuple[Event, int | None]],
    in_file: tuple[bool, frozenset[str], int] | None,
    in_graph: tuple[bool, frozenset[str]] | None,
) -> list[ImportIssue]:
    lines = [n for _, n in story if n is not None]
    if not lines:
        return []
    last, line = story[-1]
    at = line if line is not None else max(lines)
    if in_file is not None:
        active, roles, where = in_file[0], in_file[1], f"{EmployeeRow.FILE} line {in_file[2]}"
    elif in_graph is not None:
        (active, roles), where = in_graph, "in the graph"
    else:
        return []  # an unknown employee: reported as such
    if last.kind == "EXIT":
        if active:
            return [
                ImportIssue(
                    FILE,
                    at,
                    "kind",
                    f"employee {person!r} left (EXIT {last.id!r}, {_where(line)}) but is active "
                    f"({where}); someone who left is inactive until hired again",
                )
            ]
        return []
    if not active:
        return [
            ImportIssue(
                FILE,
                at,
                "to_role_id",
                f"employee {person!r} is inactive ({where}) but their last event "
                f"({last.id!r}, {_where(line)}) puts them in role {last.to_role_id!r}; record "
                "their EXIT",
            )
        ]
    if last.to_role_id not in roles:
        holds = ", ".join(sorted(roles)) or "no role"
        return [
            ImportIssue(
                FILE,
                at,
                "to_role_id",
                f"the last event of employee {person!r} ({last.id!r}, {_where(line)}) puts them "
                f"in role {last.to_role_id!r}, but they hold {holds} ({where})",
            )
        ]
    return []
