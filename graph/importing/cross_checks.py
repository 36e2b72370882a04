"""Checks across rows and against the graph, that no single row can fail: every reference names a
node of the files or of the graph; an import must not close a cycle of reporting lines or of org
units, nor assess an incumbent for their own role (the API refuses both; a manager in a reporting
cycle would read their own ratings).

A reference to an id whose own row is invalid (or in a file that cannot be read) is not a problem
of its own: the row that defines it is, and its issue says how many rows refer to it.

Both are judged on the graph as it will be after the import: a row replaces the employee's
manager (the unit's parent, the employee's roles), and what the files do not mention stays as it
is in the graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from graph.db import Database, Tx
from graph.importing.issues import ImportIssue
from graph.importing.rows import AssessmentRow, EmployeeRow, OrgUnitRow, ReportingLineRow, Row
from graph.importing.writer import DEFINED_BY, batched, existing_ids
from graph.repositories import imports

Successors = Callable[[str], list[str]]
#: A read of edges upwards from some nodes (imports.manager_chains, imports.unit_chains).
Chains = Callable[[Tx, list[str]], Awaitable[list[dict[str, Any]]]]


_LABEL_WORDS = {"OrgUnit": "org unit", "Role": "role", "Skill": "skill", "Employee": "employee"}


@dataclass
class References:
    """The ids an import's valid rows define and the references its valid rows make, per label;
    with the ids whose own row is invalid, and the files that could not be read through."""

    #: label -> ids defined by valid rows
    defined: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in DEFINED_BY})
    #: label -> (file, line, column, id) of each reference
    named: dict[str, list[tuple[str, int, str, str]]] = field(
        default_factory=lambda: {k: [] for k in DEFINED_BY}
    )
    #: label -> id -> line of the first invalid row that defines it (in DEFINED_BY[label].FILE)
    broken: dict[str, dict[str, int]] = field(default_factory=lambda: {k: {} for k in DEFINED_BY})
    #: label -> line where reading its file stopped (a bad header, not UTF-8, not CSV)
    unread: dict[str, int] = field(default_factory=dict)

    def add(self, row: Row, line: int) -> None:
        """A valid row: what it defines and what it names."""
        for label, defining in DEFINED_BY.items():
            if isinstance(row, defining):
                self.defined[label].add(row.key()[0])
        for column, label in row.REFS.items():
            value = getattr(row, column)
            for ref in value if isinstance(value, list) else [value]:
                if ref is not None:
                    self.named[label].append((row.FILE, line, column, ref))

    def invalid(
        self, row_type: type[Row], line: int, values: dict[str, Any], issues: list[ImportIssue]
    ) -> None:
        """An invalid row (`issues`): the id it would define, if that id itself is fine."""
        for label, defining in DEFINED_BY.items():
            column = defining.KEY[0]
            value = values.get(column)
            if (
                row_type is defining
                and isinstance(value, str)
                and value.strip()
                and all(issue.column != column for issue in issues)
            ):
                self.broken[label].setdefault(value.strip(), line)

    def stopped(self, row_type: type[Row], line: int) -> None:
        """`row_type`'s file could not be read (from `line` on): the ids it defines are unknown."""
        for label, defining in DEFINED_BY.items():
            if row_type is defining:
                self.unread.setdefault(label, line)


async def check_references(
    db: Database, refs: References, issues: list[ImportIssue]
) -> list[ImportIssue]:
    """`issues` with one issue more for each reference to an id neither in the files nor in the
    graph. A reference to an id whose row is invalid, or that the defining file may hold beyond
    where it could be read, is counted on that row's issue instead (its first, as printed)."""
    found: list[ImportIssue] = []
    #: (file, line) of the root cause -> (what the rows name, lines of each referring file)
    blamed: dict[tuple[str, int], tuple[str, dict[str, set[int]]]] = {}
    for label, named in refs.named.items():
        defined, broken = refs.defined[label], refs.broken[label]
        wanted = {ref for *_, ref in named} - defined
        known = await existing_ids(db, label, wanted) if wanted else set()
        words = _LABEL_WORDS[label]
        for file, line, column, ref in named:
            if ref in defined or ref in known:
                continue
            if ref in broken:
                cause = (DEFINED_BY[label].FILE, broken[ref])
                what = f"{words} {ref!r}"
            elif label in refs.unread:
                cause = (DEFINED_BY[label].FILE, refs.unread[label])
                what = (
                    f"{words}s that are not in the graph and may be in this file; they are "
                    "checked once it can be read"
                )
            else:
                found.append(ImportIssue(file, line, column, f"unknown {words} {ref!r}"))
                continue
            blamed.setdefault(cause, (what, {}))[1].setdefault(file, set()).add(line)
    annotated = sorted(issues)
    for (file, line), (what, rows) in blamed.items():
        at = next(
            (k for k, issue in enumerate(annotated) if (issue.file, issue.line) == (file, line)),
            None,
        )
        if at is None:  # not expected: a root cause always has an issue of its own
            continue
        parts = [
            f"{len(lines):,} {'row' if len(lines) == 1 else 'rows'} in {name}"
            for name, lines in sorted(rows.items())
        ]
        counts = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        issue = annotated[at]
        verb = "refers" if sum(map(len, rows.values())) == 1 else "refer"
        annotated[at] = replace(issue, reason=f"{issue.reason}; {counts} {verb} to {what}")
    return annotated + found


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

    def add(self, row: Row, line: int) -> None:
        if isinstance(row, ReportingLineRow):
            self.managers[row.employee_id] = (row.manager_id, line)
        elif isinstance(row, OrgUnitRow):
            self.parents[row.id] = (row.parent_id, line)
        elif isinstance(row, EmployeeRow):
            self.holds[row.id] = (frozenset(row.role_ids), line)
        elif isinstance(row, AssessmentRow):
            self.assessments.append((row.employee_id, row.role_id, line))


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
