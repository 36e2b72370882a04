"""Profiles of people and roles, and which parts of them a caller may see (graph/services/access.py).

Looking a person or role up by id is checked against the caller's scope. People reached through
something the caller may read (a slate, an org chart, a talent map's mentors) show their directory
fields; their skills and redeployment targets (`readable_people`) and their performance,
potential, risk and impact of loss (`sensitive_people`) are checked wherever they appear.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from graph.auth import Principal
from graph.db import Database
from graph.errors import NotFound, TalentGraphError
from graph.models import Employee, OrgUnit, Requirement, Role, SkillLevel
from graph.repositories import employees, roles
from graph.repositories.employees import MOST_REPORTS as MOST_REPORTS  # the API's too
from graph.repositories.employees import Profile as Profile  # what a person's page shows
from graph.services import access

T = TypeVar("T")


def _each(
    ids: Sequence[str],
    allowed: set[str],
    found: Mapping[str, T],
    principal: Principal,
    what: str,
) -> dict[str, T | TalentGraphError]:
    """Per id: what was found, else Forbidden outside the caller's scope, else NotFound."""
    out: dict[str, T | TalentGraphError] = {}
    for i in ids:
        if i not in allowed:
            out[i] = access.outside(principal, f"{what} {i!r}")
        else:
            out[i] = found.get(i) or NotFound(f"no {what} with id {i!r}", field="id")
    return out


async def employees_by_id(
    db: Database, ids: Sequence[str], *, principal: Principal
) -> dict[str, Employee | TalentGraphError]:
    """Each person's profile, or why not: Forbidden outside the caller's scope (anyone for
    admin, hr and service; a manager themselves and their reporting subtree; an employee
    themselves), else NotFound for an unknown id. One read for the whole batch."""
    async with db.reading() as tx:
        allowed = await access.readable_people(tx, principal, ids)
        found = await employees.get_many(tx, sorted(allowed))
    return _each(ids, allowed, found, principal, "employee")


async def employee(db: Database, employee_id: str, *, principal: Principal) -> Employee:
    """One person (see `employees_by_id`)."""
    found = (await employees_by_id(db, [employee_id], principal=principal))[employee_id]
    if isinstance(found, TalentGraphError):
        raise found
    return found


async def profiles_by_id(
    db: Database, ids: Sequence[str], *, principal: Principal, skills: bool, reports: bool
) -> dict[str, employees.Profile | TalentGraphError]:
    """Each person (as `employees_by_id`, same checks) with their skills and active direct
    reports when asked for, in one statement for the batch: what an employee page shows. Skills
    follow the profile's own rule (`readable_people`): whoever may look a person up may see them."""
    async with db.reading() as tx:
        allowed = await access.readable_people(tx, principal, ids)
        found = await employees.profiles(tx, sorted(allowed), skills=skills, reports=reports)
    return _each(ids, allowed, found, principal, "employee")


async def roles_by_id(
    db: Database, ids: Sequence[str], *, principal: Principal
) -> dict[str, Role | TalentGraphError]:
    """Each role, or why not: Forbidden unless admin, hr, service, or a manager asking for a
    role in their org units; else NotFound for an unknown id. One read for the whole batch."""
    if not access.reads_all(principal) and access.manager_id(principal) is None:
        return {i: access.forbidden(principal, f"role {i!r}") for i in ids}
    async with db.reading() as tx:
        allowed = await access.readable_roles(tx, principal, ids)
        found = await roles.get_many(tx, sorted(allowed))
    return _each(ids, allowed, found, principal, "role")


async def role(db: Database, role_id: str, *, principal: Principal) -> Role:
    """One role (see `roles_by_id`)."""
    found = (await roles_by_id(db, [role_id], principal=principal))[role_id]
    if isinstance(found, TalentGraphError):
        raise found
    return found


async def readable_people(db: Database, principal: Principal, ids: Sequence[str]) -> set[str]:
    """The ids whose skills, talent map and redeployment targets the caller may read."""
    if access.reads_all(principal):
        return set(ids)
    if access.manager_id(principal) is None:
        own = access.self_id(principal)
        return {i for i in ids if i == own}
    async with db.reading() as tx:
        return await access.readable_people(tx, principal, list(ids))


async def sensitive_people(db: Database, principal: Principal, ids: Sequence[str]) -> set[str]:
    """The ids whose performance, potential, risk and impact of loss the caller may see."""
    if principal.has(*access.SENSITIVE_ALL):
        return set(ids)
    if access.manager_id(principal) is None:
        return set()
    async with db.reading() as tx:
        return await access.sensitive_people(tx, principal, list(ids))


# Batch reads for the API's per-request DataLoaders (api/graphql/loaders.py): one read per batch
# of ids, by id. They check no scope themselves: the ids come from something the caller was
# allowed to read, and what has a rule of its own (skills: `readable_people`; ratings:
# `sensitive_people`) is checked where it is shown.


async def employees_found(db: Database, ids: Sequence[str]) -> dict[str, Employee]:
    async with db.reading() as tx:
        return await employees.get_many(tx, list(ids))


async def skills_of(db: Database, ids: Sequence[str]) -> dict[str, list[SkillLevel]]:
    async with db.reading() as tx:
        return await employees.skills_of(tx, list(ids))


async def roles_held(db: Database, ids: Sequence[str]) -> dict[str, list[str]]:
    """Each person's role ids."""
    async with db.reading() as tx:
        return await employees.roles_of(tx, list(ids))


async def managers_of(db: Database, ids: Sequence[str]) -> dict[str, str]:
    async with db.reading() as tx:
        return await employees.managers_of(tx, list(ids))


async def reports_of(db: Database, ids: Sequence[str]) -> dict[str, list[Employee]]:
    """Each manager's active direct reports, every one, by id (the API pages them)."""
    async with db.reading() as tx:
        return await employees.reports_of(tx, list(ids))


async def roles_found(db: Database, ids: Sequence[str]) -> dict[str, Role]:
    async with db.reading() as tx:
        return await roles.get_many(tx, list(ids))


async def units_of(db: Database, ids: Sequence[str]) -> dict[str, OrgUnit]:
    """Each role's org unit."""
    async with db.reading() as tx:
        return await roles.org_units_of(tx, list(ids))


async def incumbents_of(db: Database, ids: Sequence[str]) -> dict[str, list[str]]:
    """Each role's active incumbents' ids."""
    async with db.reading() as tx:
        return await roles.incumbents_of(tx, list(ids))


async def requirements_of(db: Database, ids: Sequence[str]) -> dict[str, list[Requirement]]:
    async with db.reading() as tx:
        return await roles.requirements_of(tx, list(ids))
