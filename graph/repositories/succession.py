"""Succession reads: what candidates, slates, benches, vacancy chains, talent maps and 9-boxes are
worked out from.

These functions read raw values (levels, weights, readiness, ratings) and validate them into
models; the figures themselves come from the scoring core (graph/scoring) in the services.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph import version
from graph.cypher import Tx, q
from graph.models import Employee, EmployeeRef, Incumbent, NineBoxCell, Readiness, Role
from graph.scoring.fit import Needs, held_units

CANDIDATES = q("succession/candidates")
SLATE = q("succession/slate")
BENCH = q("succession/bench")
CHAIN_STEP = q("succession/chain_step")
MENTORS = q("succession/mentors")
MENTORS_NEARBY = q("succession/mentors_nearby")
NINE_BOX = q("succession/nine_box")
ORG_UNIT_EXISTS = q("succession/org_unit_exists")
TALENT_STATE = q("succession/talent_state")


#: The scale by stored text: a dictionary lookup, not `Readiness(value)` (an export makes tens of
#: thousands of these, and the enumeration's call was a twentieth of its time).
_READINESS: dict[Any, Readiness] = {r.value: r for r in Readiness}


def readiness_of(value: Any) -> Readiness | None:
    """A stored readiness; None for a value outside the scale (written by another tool)."""
    try:
        return _READINESS.get(value)
    except TypeError:  # not hashable, so not on the scale
        return None


@dataclass(frozen=True)
class Person:
    """Someone being scored against a role: their profile, their levels in units, and what the
    graph says of them and the role."""

    employee: Employee
    held: dict[str, int]
    readiness: Readiness | None = None
    assessed_at: datetime | None = None
    assessed_by: str | None = None
    assessed: bool = False

    @classmethod
    def of(cls, row: dict[str, Any]) -> Person:
        return cls(
            employee=Employee.model_validate(row["employee"]),
            held=held_units(row["skills"]),
            readiness=readiness_of(row.get("readiness")),
            assessed_at=row.get("assessedAt"),
            assessed_by=row.get("assessedBy"),
            assessed=bool(row.get("assessed", False)),
        )


@dataclass(frozen=True)
class CandidatesState:
    seen: version.Observation
    shortlist_version: str | None
    #: how many people the role's stored shortlist holds
    shortlist_size: int
    needs: Needs
    people: list[Person]
    #: whose skills the caller may read (the service fills it in)
    readable: frozenset[str] = frozenset()


async def candidates(
    tx: Tx, role_ids: Sequence[str], first: int, ids: Mapping[str, Sequence[str]] | None
) -> dict[str, CandidatesState]:
    """Per role of `role_ids` that exists: its requirements, the people `ids[role]` (or the head
    of its shortlist), the stamp of its shortlist and the graph version ledger, in one read."""
    rows = await CANDIDATES.rows(
        tx,
        role_ids=list(role_ids),
        first=first,
        ids=None if ids is None else {k: list(v) for k, v in ids.items()},
    )
    if not rows:
        return {}
    ended = await version.ended_at(tx)
    return {
        row["role_id"]: CandidatesState(
            seen=version.Observation.of(row["ledger"], ended),
            shortlist_version=row["shortlist_version"],
            shortlist_size=row["shortlist_size"],
            needs=Needs.named(row["requirements"]),
            people=[Person.of(p) for p in row["people"]],
        )
        for row in rows
    }


async def org_unit_exists(tx: Tx, org_unit_id: str) -> bool:
    row = await ORG_UNIT_EXISTS.row(tx, org_unit_id=org_unit_id)
    return bool(row and row["exists"])


@dataclass(frozen=True)
class TalentState:
    seen: version.Observation
    active: bool
    #: the roles they hold as (role id, grade, org unit id)
    holds: list[tuple[str, int | None, str | None]]
    held: dict[str, int]


async def talent_state(tx: Tx, employee_id: str) -> TalentState | None:
    """What a person's talent map is worked out from; None for an unknown id."""
    row = await TALENT_STATE.row(tx, employee_id=employee_id)
    if row is None:
        return None
    return TalentState(
        seen=version.Observation.of(row["ledger"], await version.ended_at(tx)),
        active=bool(row["active"]),
        holds=[
            (
                role_id,
                grade if isinstance(grade, int) and not isinstance(grade, bool) else None,
                unit,
            )
            for role_id, grade, unit in row["holds"]
        ],
        held=held_units(row["skills"]),
    )


async def slates(tx: Tx, role_ids: Sequence[str]) -> dict[str, tuple[Needs, list[Person]]]:
    """Per role of `role_ids` that exists: its requirements and nominated successors, in one
    read. Nominations with a readiness outside the scale are left out."""
    found = {}
    for row in await SLATE.rows(tx, role_ids=list(role_ids)):
        nominees = [Person.of(n) for n in row["nominees"]]
        found[row["role_id"]] = (
            Needs.named(row["requirements"]),
            [p for p in nominees if p.readiness is not None],
        )
    return found


@dataclass(frozen=True)
class BenchRow:
    role: Role
    incumbents: list[Incumbent]
    #: per nominated successor: readiness and n (nominations for roles they do not hold)
    nominees: list[tuple[Readiness, int]]


async def bench(tx: Tx, org_unit_ids: Sequence[str] | None, critical_only: bool) -> list[BenchRow]:
    """The roles in the units `org_unit_ids` and below them (every role when None)."""
    return await _bench(tx, org_unit_ids, None, critical_only)


async def bench_of_roles(tx: Tx, role_ids: Sequence[str]) -> list[BenchRow]:
    """The roles `role_ids` (those that exist)."""
    return await _bench(tx, None, role_ids, False)


async def _bench(
    tx: Tx,
    org_unit_ids: Sequence[str] | None,
    role_ids: Sequence[str] | None,
    critical_only: bool,
) -> list[BenchRow]:
    row = await BENCH.row(
        tx,
        org_unit_ids=None if org_unit_ids is None else list(org_unit_ids),
        role_ids=None if role_ids is None else list(role_ids),
        critical_only=critical_only,
    )
    found = []
    for item in row["roles"] if row else []:
        nominees = [(readiness_of(r), int(n)) for r, n in item["nominees"]]
        found.append(
            BenchRow(
                role=Role.model_validate(item["role"]),
                incumbents=[
                    Incumbent(id=i, risk_of_loss=risk, impact_of_loss=impact)
                    for i, risk, impact in item["incumbents"]
                ],
                nominees=[(r, n) for r, n in nominees if r is not None],
            )
        )
    return found


@dataclass(frozen=True)
class ChainOptions:
    role: Role
    incumbents: list[str]
    needs: Needs
    #: acceptable nominated successors, each with the roles they hold
    nominees: list[tuple[Person, list[Role]]]


async def chain_steps(
    tx: Tx, steps: Sequence[tuple[str, str, Sequence[str]]]
) -> dict[str, ChainOptions]:
    """Who could fill each role of `steps` ((key, role id, ids to exclude)) in a vacancy chain,
    in one read; by key, for the roles that exist."""
    rows = await CHAIN_STEP.rows(
        tx,
        steps=[
            {"key": key, "role_id": role_id, "exclude_ids": list(exclude)}
            for key, role_id, exclude in steps
        ],
    )
    found = {}
    for row in rows:
        nominees = [
            (Person.of(n), [Role.model_validate(h) for h in n["holds"]]) for n in row["nominees"]
        ]
        found[row["key"]] = ChainOptions(
            role=Role.model_validate(row["role"]),
            incumbents=row["incumbents"],
            needs=Needs.named(row["requirements"]),
            nominees=[(p, holds) for p, holds in nominees if p.readiness is not None],
        )
    return found


async def mentors(
    tx: Tx, employee_id: str, needs: Sequence[tuple[str, float]]
) -> dict[tuple[str, float], list[EmployeeRef]]:
    """Up to three mentors per (skill id, level) need, nearest in the reporting tree first.

    The neighbourhood (4 hops) is searched first; only needs with fewer than three mentors
    there are searched across the whole organisation, which costs a walk per skill holder.
    """
    found = _by_need(
        await MENTORS_NEARBY.rows(tx, employee_id=employee_id, needs=_levels_by_skill(needs))
    )
    rest = [need for need in needs if len(found.get(need, [])) < 3]
    if rest:
        found |= _by_need(
            await MENTORS.rows(tx, employee_id=employee_id, needs=_levels_by_skill(rest))
        )
    return found


def _levels_by_skill(needs: Sequence[tuple[str, float]]) -> dict[str, list[float]]:
    levels: dict[str, list[float]] = {}
    for skill, level in needs:
        levels.setdefault(skill, []).append(level)
    return levels


def _by_need(rows: list[dict[str, Any]]) -> dict[tuple[str, float], list[EmployeeRef]]:
    return {
        (row["skill_id"], row["level"]): [EmployeeRef.model_validate(m) for m in row["mentors"]]
        for row in rows
    }


async def nine_box(tx: Tx, org_unit_ids: Sequence[str] | None) -> list[NineBoxCell]:
    """The occupied cells only, in no particular order; holders of roles in the units
    `org_unit_ids` and below them (of any role when None)."""
    rows = await NINE_BOX.rows(
        tx, org_unit_ids=None if org_unit_ids is None else list(org_unit_ids)
    )
    return [NineBoxCell.model_validate(row) for row in rows]
