"""Checks across rows and against the graph, that no single row can fail: an import must not close
a cycle of reporting lines or of org units, nor assess an incumbent for their own role, nor tell an employment story that
contradicts itself or the holdings (graph/importing/history_checks.py) (the API
refuses both; a manager in a reporting cycle would read their own ratings).

Both are judged on the graph as it will be after the import: a row replaces the employee's
manager (the unit's parent, the employee's roles), and what the files do not mention stays as it
is in the graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graph.db import Database, Tx
from graph.importing import history_checks
from graph.importing.history_checks import Event, History
from graph.importing.issues import ImportIssue
from graph.importing.rows import (
    AssessmentRow,
    EmployeeRow,
    EmploymentEventRow,
    OrgUnitRow,
    ReportingLineRow,
    Row,
)
from graph.importing.writer import batched
from graph.repositories import imports

Successors = Callable[[str], list[str]]
#: A read of edges upwards from some nodes (imports.manager_chains, imports.unit_chains).
Chains = Callable[[Tx, list[str]], Awaitable[list[dict[str, Any]]]]


@dataclass
class Collected:
    """What the checks need from the valid rows of an import: ids and lines, not whole rows."""

    #: employee -> (manager, line)
    managers: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: org unit -> (parent or None, line)
    parents: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    #: employee -> (roles held after the import, line)
    holds: dict[str, tuple[frozenset[str], int]] = field(default_factory=dict)
    #: (employee, role, line) of each assessment
    assessments: list[tuple[str, str, int]] = field(default_factory=list)
    #: employment events and the employees file's holdings (graph/importing/history_checks.py)
    history: History = field(default_factory=History)

    def add(self, row: Row, line: int) -> None:
        if isinstance(row, ReportingLineRow):
            self.managers[row.employee_id] = (row.manager_id, line)
        elif isinstance(row, OrgUnitRow):
            self.parents[row.id] = (row.parent_id, line)
        elif isinstance(row, EmployeeRow):
            self.holds[row.id] = (frozenset(row.role_ids), line)
            self.history.employees[row.id] = (row.active, frozenset(row.role_ids), line)
        elif isinstance(row, AssessmentRow):
            self.assessments.append((row.employee_id, row.role_id, line))
        elif isinstance(row, EmploymentEventRow):
            self.history.events[row.id] = (Event.of_row(row), line)


async def check(db: Database, found: Collected) -> list[ImportIssue]:
    issues: list[ImportIssue] = []
    if found.managers:
        graph = await _graph_edges(
            db,
            imports.manager_chains,
            "employee_id",
            "manager_id",
            {m for m, _ in found.managers.values()},
        )
        issues += cycle_issues(
            ReportingLineRow.FILE, "manager_id", "a reporting cycle", dict(found.managers), graph
        )
    if found.parents:
        starts = {p for p, _ in found.parents.values() if p is not None}
        graph = await _graph_edges(db, imports.unit_chains, "unit_id", "parent_id", starts)
        issues += cycle_issues(
            OrgUnitRow.FILE, "parent_id", "a cycle of org units", found.parents, graph
        )
    if found.assessments:
        issues += await _incumbent_issues(db, found)
    issues += await history_checks.check(db, found.history)
    return issues


async def _graph_edges(
    db: Database, chains: Chains, key: str, value: str, starts: set[str]
) -> dict[str, list[str]]:
    """node -> the nodes it points at in the graph, for `starts` and everything above them."""
    found: dict[str, set[str]] = {}
    for batch in batched(sorted(starts), 10_000):
        async with db.reading() as tx:
            rows = await chains(tx, batch)
        for row in rows:
            found.setdefault(row[key], set()).add(row[value])
    return {node: sorted(targets) for node, targets in found.items()}


def cycle_issues(
    file: str,
    column: str,
    words: str,
    rows: dict[str, tuple[str | None, int]],
    graph: dict[str, list[str]],
) -> list[ImportIssue]:
    """One issue per cycle that the file's edges (`rows`: node -> (target, line)) close, with the
    graph's edges (`graph`) for the nodes the file does not mention; at the cycle's first line."""

    def successors(node: str) -> list[str]:
        if node in rows:
            target = rows[node][0]
            return [] if target is None else [target]
        return graph.get(node, [])

    def where(node: str, start: str) -> str:
        if node == start:
            return "this line"
        return f"line {rows[node][1]}" if node in rows else "in the graph"

    issues = []
    by_line = sorted(rows, key=lambda node: rows[node][1])
    for component in _components(by_line, successors):
        in_file = [node for node in component if node in rows]
        if len(component) < 2 or not in_file:
            continue  # a cycle already in the graph is not this import's
        start = min(in_file, key=lambda node: rows[node][1])
        target, line = rows[start]
        assert target is not None
        path = [start, *_path(target, start, successors, set(component))]
        steps = " → ".join(
            [path[0]] + [f"{node} ({where(path[k], start)})" for k, node in enumerate(path[1:])]
        )
        issues.append(ImportIssue(file, line, column, f"{target!r} would close {words}: {steps}"))
    return issues


def _path(source: str, goal: str, successors: Successors, within: set[str]) -> list[str]:
    """The shortest path from `source` to `goal` inside `within` (both ends included)."""
    before: dict[str, str | None] = {source: None}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt in successors(node):
            if nxt in within and nxt not in before:
                before[nxt] = node
                queue.append(nxt)
    path: list[str] = []
    at: str | None = goal
    while at is not None:
        path.append(at)
        at = before[at]
    return path[::-1]


def _components(roots: Iterable[str], successors: Successors) -> Iterator[list[str]]:
    """Strongly connected components reachable from `roots` (Tarjan's, without recursion, so a
    chain of any depth is fine)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> Iterator[str]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return iter(successors(node))

    for root in roots:
        if root in index:
            continue
        work = [(root, visit(root))]
        while work:
            node, pending = work[-1]
            for nxt in pending:
                if nxt not in index:
                    work.append((nxt, visit(nxt)))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component


async def _incumbent_issues(db: Database, found: Collected) -> list[ImportIssue]:
    outside = sorted({e for e, _, _ in found.assessments if e not in found.holds})
    in_graph: dict[str, list[str]] = {}
    for batch in batched(outside, 10_000):
        async with db.reading() as tx:
            in_graph.update(await imports.roles_of(tx, batch))
    issues = []
    for employee, role, line in found.assessments:
        if employee in found.holds:
            roles, at = found.holds[employee]
            where = f"{EmployeeRow.FILE} line {at}"
        else:
            roles, where = frozenset(in_graph.get(employee, ())), "in the graph"
        if role in roles:
            issues.append(
                ImportIssue(
                    AssessmentRow.FILE,
                    line,
                    "role_id",
                    f"employee {employee!r} holds role {role!r} ({where}); an incumbent is not "
                    "assessed as a successor for their own role",
                )
            )
    return issues
