"""Who may do what (DESIGN §6, README "Access control"): every rule in one place.

Service functions take the caller's `Principal` and ask here before they read or write, so GraphQL,
the HTTP export, the review page and the CLI cannot disagree. Roles add up: a caller holding several
has the union of their rights. A manager's scope is read from the graph, in the transaction that
reads the data it guards (an inactive manager has no scope):

- people: their reporting subtree (REPORTS_TO, transitively), and for reading also themselves;
- roles and org units: the units of the roles they hold and the units below them (PART_OF).

For a caller with a limited scope, an id outside it is FORBIDDEN whether or not it exists, so the
answer never tells them which ids exist.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.auth import AccessRole, Principal
from graph.db import Database, Tx
from graph.errors import Forbidden
from graph.repositories import access

ADMIN, HR, MANAGER, EMPLOYEE, SERVICE = (
    AccessRole.ADMIN,
    AccessRole.HR,
    AccessRole.MANAGER,
    AccessRole.EMPLOYEE,
    AccessRole.SERVICE,
)

#: Read every person's profile and skills, every role and unit (not the sensitive fields).
READ_ALL = (ADMIN, HR, SERVICE)
#: See performance, potential, risk and impact of loss, and assessment notes of everyone.
SENSITIVE_ALL = (ADMIN, HR)
#: Assess readiness of, and withdraw nominations for, anyone.
ASSESS_ALL = (ADMIN, HR)
#: Run the readiness export.
EXPORT = (ADMIN, HR, SERVICE)
#: Read the audit log, run imports.
ADMIN_ONLY = (ADMIN,)
#: Open succession review pages (a manager: their part of the organisation).
REVIEW = (ADMIN, HR, MANAGER)
#: Start and close calibration sessions, take part in any (a manager joins for their scope).
CALIBRATE_ALL = (ADMIN, HR)
#: Read workforce figures and the vacancy forecast (a manager: their org units, groups of at
#: least the minimum size).
WORKFORCE = (ADMIN, HR, MANAGER)


@dataclass(frozen=True)
class Units:
    """A manager's org units: where their part of the organisation starts (`held`: the units of
    the roles they hold) and all of it (`all`: those and every unit below them)."""

    held: tuple[str, ...]
    all: frozenset[str]


async def manager_units(tx: Tx, principal: Principal) -> Units | None:
    """The caller's org units when they act as a manager (None otherwise); an inactive manager
    has none."""
    boss = manager_id(principal)
    if boss is None:
        return None
    held, units = await access.manager_units(tx, boss)
    return Units(tuple(held), units)


def _roles(principal: Principal) -> str:
    return ", ".join(sorted(r.value for r in principal.roles)) or "none"


def forbidden(principal: Principal, what: str) -> Forbidden:
    if principal.has(MANAGER, EMPLOYEE) and principal.employee_id is None:
        return Forbidden(
            f"{what} is not allowed: a manager's or employee's token must name their employee_id"
        )
    return Forbidden(f"{what} is not allowed for your roles ({_roles(principal)})")


def require(principal: Principal, allowed: Sequence[AccessRole], what: str) -> None:
    """Raise Forbidden unless the caller holds one of `allowed`."""
    if not principal.has(*allowed):
        raise forbidden(principal, what)


def reads_all(principal: Principal) -> bool:
    return principal.has(*READ_ALL)


def manager_id(principal: Principal) -> str | None:
    """The employee whose reporting subtree and org units the caller manages, if any."""
    return principal.employee_id if principal.has(MANAGER) else None


def self_id(principal: Principal) -> str | None:
    """The caller's own employee id, when they act as a person (employee or manager)."""
    return principal.employee_id if principal.has(EMPLOYEE, MANAGER) else None


def outside(principal: Principal, what: str) -> Forbidden:
    scopes = []
    if principal.has(MANAGER):
        scopes.append("a manager: their reporting subtree and the roles in their org units")
    if principal.has(EMPLOYEE):
        scopes.append("an employee: themselves")
    if not scopes:
        return forbidden(principal, what)
    return Forbidden(f"{what} is outside your scope ({'; '.join(scopes)})")


async def readable_people(tx: Tx, principal: Principal, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` whose profile, skills, talent map and redeployment targets the caller
    may read: everyone for admin, hr and service; self and reporting subtree for a manager;
    self for an employee."""
    if reads_all(principal):
        return set(ids)
    own = self_id(principal)
    found = {i for i in ids if own is not None and i == own}
    boss = manager_id(principal)
    if boss is not None:
        found |= await access.reports_below(tx, boss, [i for i in ids if i not in found])
    return found


async def sensitive_people(tx: Tx, principal: Principal, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` whose performance, potential, risk and impact of loss and assessment
    notes the caller may see: everyone for admin and hr, the reporting subtree for a manager (the
    manager chain of those people), nobody otherwise (not even oneself)."""
    if principal.has(*SENSITIVE_ALL):
        return set(ids)
    boss = manager_id(principal)
    if boss is None:
        return set()
    return await access.reports_below(tx, boss, ids)


async def risk_visible(tx: Tx, principal: Principal, incumbents: dict[str, list[str]]) -> set[str]:
    """The role ids (of `incumbents`: role id -> its active incumbents' ids) whose key-person risk
    the caller may see. The figure is derived from the incumbents' risk and impact of loss, so it
    follows their rule (`sensitive_people`): visible when the caller may see the ratings of every
    incumbent of the role (a role without one has risk 0, derived from nothing sensitive)."""
    if principal.has(*SENSITIVE_ALL):
        return set(incumbents)
    seen = await sensitive_people(
        tx, principal, sorted({i for ids in incumbents.values() for i in ids})
    )
    return {role for role, ids in incumbents.items() if all(i in seen for i in ids)}


async def check_person(tx: Tx, principal: Principal, employee_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may read this person's profile."""
    if not await readable_people(tx, principal, [employee_id]):
        raise outside(principal, what)


async def check_role(tx: Tx, principal: Principal, role_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may read this role and its succession picture: everyone
    for admin, hr and service; roles in their org units for a manager; nobody else."""
    refused = await role_refusals(tx, principal, [role_id], lambda _: what)
    if role_id in refused:
        raise refused[role_id]


async def role_refusals(
    tx: Tx, principal: Principal, role_ids: Sequence[str], what: Callable[[str], str]
) -> dict[str, Forbidden]:
    """`check_role` for many roles in one read: the Forbidden of each role the caller may not
    read (`what(role_id)` names what was asked of it); the others are not in the answer."""
    if reads_all(principal):
        return {}
    units = await manager_units(tx, principal)
    if units is None:
        return {r: forbidden(principal, what(r)) for r in role_ids}
    inside = await access.roles_in_units(tx, units.all, list(role_ids))
    return {r: outside(principal, what(r)) for r in role_ids if r not in inside}


async def readable_roles(tx: Tx, principal: Principal, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of roles the caller may read (see `check_role`)."""
    if reads_all(principal):
        return set(ids)
    units = await manager_units(tx, principal)
    if units is None:
        return set()
    return await access.roles_in_units(tx, units.all, ids)


async def unit_scope(
    tx: Tx, principal: Principal, org_unit_id: str | None, what: str
) -> list[str] | None:
    """The org units (each with the units below it) a unit-wide read covers, or None for all.

    Admin, hr and service: the unit asked for, or everything. A manager: the unit asked for when
    it is in their org units (else Forbidden), or, when none is named, their own units. Anyone
    else: Forbidden.
    """
    if reads_all(principal):
        return None if org_unit_id is None else [org_unit_id]
    units = await manager_units(tx, principal)
    if units is None:
        raise forbidden(principal, what)
    if org_unit_id is None:
        return list(units.held)
    if org_unit_id not in units.all:
        raise outside(principal, what)
    return [org_unit_id]


async def review_units(db: Database, principal: Principal) -> Units | None:
    """The org units whose succession review pages the caller may open: None for the whole
    organisation (admin, hr); a manager's units (Forbidden when they hold no role in one);
    Forbidden for anyone else."""
    require(principal, REVIEW, "succession reviews (they are for the hr, admin and manager roles)")
    if principal.has(*SENSITIVE_ALL):
        return None
    async with db.reading() as tx:
        units = await manager_units(tx, principal)
    if units is None:
        raise forbidden(principal, "succession reviews")
    if not units.all:
        raise Forbidden("you hold no role in an org unit, so there is no part of it to review")
    return units


async def check_assess(
    tx: Tx, principal: Principal, employee_id: str, role_id: str, what: str
) -> None:
    """Raise Forbidden unless the caller may assess this person for this role (or withdraw that
    nomination): admin and hr anyone for any role; a manager a person of their reporting subtree
    (not themselves) for a role in their org units — both conditions. Checked before anything
    else, so an id outside the scope is Forbidden whether or not it exists."""
    if principal.has(*ASSESS_ALL):
        return
    boss = manager_id(principal)
    units = await manager_units(tx, principal)
    if boss is None or units is None:
        raise forbidden(principal, what)
    if not await access.reports_below(tx, boss, [employee_id]):
        raise outside(principal, what)
    if not await access.roles_in_units(tx, units.all, [role_id]):
        raise outside(principal, what)


async def check_rate(tx: Tx, principal: Principal, employee_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may change this person's performance and potential
    (the 9-box): admin and hr anyone; a manager a person of their reporting subtree (not
    themselves), the people whose ratings they may see."""
    if principal.has(*ASSESS_ALL):
        return
    boss = manager_id(principal)
    if boss is None:
        raise forbidden(principal, what)
    if not await access.reports_below(tx, boss, [employee_id]):
        raise outside(principal, what)


async def check_join(tx: Tx, principal: Principal, org_unit_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may take part in a calibration session of this org
    unit: admin and hr any; a manager when the unit is in their part of the organisation or
    one of their units is in the session's (they then edit within their scope only)."""
    if principal.has(*CALIBRATE_ALL):
        return
    units = await manager_units(tx, principal)
    if units is None:
        raise forbidden(principal, what)
    if org_unit_id in units.all or await access.units_under(tx, org_unit_id, units.held):
        return
    raise outside(principal, what)


async def workforce_units(
    tx: Tx, principal: Principal, org_unit_id: str | None, what: str
) -> list[str] | None:
    """The org units whose workforce figures the caller may read (None: all): admin and hr
    anything; a manager their org units (`unit_scope`); Forbidden for anyone else."""
    require(principal, WORKFORCE, what)
    return await unit_scope(tx, principal, org_unit_id, what)


def small_groups_hidden(principal: Principal) -> bool:
    """Whether figures of groups below the minimum size are suppressed for the caller: for
    everyone but admin and hr, so that no figure identifies a person."""
    return not principal.has(*SENSITIVE_ALL)


#: Read the skill catalogue (names and categories: reference data, nobody's own).
SKILL_CATALOGUE = (ADMIN, HR, MANAGER, EMPLOYEE, SERVICE)


async def people_scope(tx: Tx, principal: Principal) -> frozenset[str] | None:
    """The people a list of people may name (`readable_people`, listed whole): None for everyone
    (admin, hr, service); themselves and their reporting subtree for a manager; themselves for an
    employee; nobody otherwise."""
    if reads_all(principal):
        return None
    found: set[str] = set()
    own = self_id(principal)
    if own is not None:
        found.add(own)
    boss = manager_id(principal)
    if boss is not None:
        found |= await access.reporting_subtree(tx, boss)
    return frozenset(found)


async def unit_read_scope(tx: Tx, principal: Principal, what: str) -> frozenset[str] | None:
    """The org units whose details and roles the caller may read (`check_role`'s rule, for
    units): None for all (admin, hr, service); a manager's org units (`Units.all`); Forbidden for
    anyone else. A unit's id, name and place in the tree (parent, path) are directory data, shown
    wherever the unit appears, as a person's directory fields are."""
    if reads_all(principal):
        return None
    units = await manager_units(tx, principal)
    if units is None:
        raise forbidden(principal, what)
    return units.all


async def check_unit(tx: Tx, principal: Principal, org_unit_id: str, what: str) -> None:
    """Raise Forbidden unless the caller may read this org unit (`unit_read_scope`)."""
    units = await unit_read_scope(tx, principal, what)
    if units is not None and org_unit_id not in units:
        raise outside(principal, what)
