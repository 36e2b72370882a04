"""Automation exposure and reskilling: argument checks, then the figures DESIGN §4 defines.

A role's exposure comes from graph/scoring/exposure.py, read live for single roles and kept in the
role index (graph/services/role_index.py) for comparing roles: exposed roles, similar roles and
redeployment targets are worked out in memory from the index at the current graph version, plus
what is read live for the few roles in an answer (incumbents' skills, benches). Every role an
answer names is one the caller may read (graph/services/access.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from graph.auth import Principal
from graph.db import Database
from graph.errors import BadUserInput, NotFound
from graph.exposure import (
    ExposedRole,
    ExposureSource,
    PersonalTarget,
    RedeploymentTarget,
    RoleExposure,
    RoleRef,
    SimilarRole,
    TaskExposure,
)
from graph.pagination import Page, decode_after
from graph.repositories import exposure, succession
from graph.scoring.exposure import role_exposure
from graph.scoring.fit import Team, fit_value
from graph.services import access
from graph.services.role_index import IndexedRole, RoleIndex, role_index
from graph.services.succession import bench_item, readiness_weights
from graph.settings import Settings

MAX_EXPOSED_ROLES = 500
MAX_TOP_TASKS = 20
MAX_SIMILAR_ROLES = 100
MAX_ROLE_TARGETS = 10
MAX_PERSONAL_TARGETS = 50
#: What a list holds when the caller does not say (the API's argument defaults too).
DEFAULT_MIN_EXPOSURE = 0.5
DEFAULT_EXPOSED_ROLES = 50
DEFAULT_TOP_TASKS = 5
DEFAULT_SIMILAR_ROLES = 10
DEFAULT_ROLE_TARGETS = 3
DEFAULT_PERSONAL_TARGETS = 5
#: The name of the list in its cursors (graph/pagination.py).
EXPOSED_ROLES = "automationExposedRoles"
#: Redeployment targets of a role are picked from this many of its most similar roles with low
#: enough exposure, then ordered by the incumbents' mean fit: the cost stays flat in people x roles.
TARGET_POOL = 10
#: "At least the margin lower" tolerates float rounding (0.7 - 0.2 is 0.49999999999999994).
EPSILON = 1e-9


def check_first(first: int, most: int, name: str = "first") -> None:
    if not 1 <= first <= most:
        raise BadUserInput(f"{name} must be between 1 and {most}", field=name)


def bucket(value: float) -> int:
    """A score rounded half-up to 2 decimals, as an int: what "equal" means in orderings."""
    return math.floor(value * 100 + 0.5)


def _ref(role: IndexedRole) -> RoleRef:
    return RoleRef(id=role.id, title=role.title)


async def _readable(db: Database, principal: Principal, ids: list[str]) -> set[str]:
    if access.reads_all(principal):
        return set(ids)
    async with db.reading() as tx:
        return await access.readable_roles(tx, principal, ids)


def exposed_order(role: ExposedRole) -> tuple[float, str]:
    """Exposure × headcount desc, then role id: the key a cursor of the list holds."""
    return -role.exposure * role.headcount, role.role.id


async def automation_exposed_roles(
    db: Database,
    settings: Settings,
    min_exposure: float = DEFAULT_MIN_EXPOSURE,
    first: int = DEFAULT_EXPOSED_ROLES,
    after: str | None = None,
    *,
    principal: Principal,
) -> Page[ExposedRole]:
    """Roles with exposure >= min_exposure, by exposure x headcount desc, then role id: every
    role of the role index is looked at, then the list is sliced after the cursor.

    Admin, hr and service: every role; a manager: the roles in their org units; others: Forbidden.
    """
    if not access.reads_all(principal):
        access.require(principal, (access.MANAGER,), "the automation-exposed roles")
    if not 0.0 <= min_exposure <= 1.0:
        raise BadUserInput("minExposure must be between 0 and 1", field="minExposure")
    check_first(first, MAX_EXPOSED_ROLES)
    decode_after(after, EXPOSED_ROLES, float, str)  # a bad cursor is refused before any read
    index = await role_index(db, settings)
    found = [
        r
        for r in index.roles
        if r.exposure is not None and r.source is not None and r.exposure >= min_exposure
    ]
    visible = await _readable(db, principal, [r.id for r in found])
    exposed = [
        ExposedRole(role=_ref(r), exposure=r.exposure, source=r.source, headcount=r.headcount)
        for r in found
        if r.id in visible and r.exposure is not None and r.source is not None
    ]
    return Page.of_sorted(exposed, exposed_order, EXPOSED_ROLES, first, after, float, str)


async def role_exposures(
    db: Database, settings: Settings, ids: Sequence[str]
) -> dict[str, RoleExposure]:
    """Exposure of each role that has one (roles without tasks or occupation are absent)."""
    async with db.reading() as tx:
        rows = await exposure.of_roles(tx, settings.exposure_dataset, list(ids))
    found = {}
    for row in rows:
        value = role_exposure(row["tasks"], row["occupational"], settings.exposure_dataset)
        if value is not None:
            found[row["role_id"]] = RoleExposure(
                role_id=row["role_id"], exposure=value[0], source=value[1]
            )
    return found


async def top_tasks(
    db: Database, roles: Sequence[tuple[str, ExposureSource]], first: int = DEFAULT_TOP_TASKS
) -> dict[str, list[TaskExposure]]:
    check_first(first, MAX_TOP_TASKS)
    async with db.reading() as tx:
        return await exposure.top_tasks(tx, list(roles), first)


def _similar(
    index: RoleIndex, role_id: str, first: int, max_exposure: float = math.inf
) -> list[tuple[IndexedRole, float, float]]:
    """(role, similarity, requirement overlap) of the most similar roles (similarity > 0) with
    exposure at most `max_exposure`."""
    found = index.similarity.similar(role_id, first, index.exposures <= max_exposure)
    return [(index.roles[index.row[s.role_id]], s.similarity, s.overlap) for s in found]


async def similar_roles(
    db: Database,
    settings: Settings,
    role_id: str,
    first: int = DEFAULT_SIMILAR_ROLES,
    *,
    principal: Principal,
) -> list[SimilarRole]:
    """The roles most similar to this one (DESIGN §4), most similar first, then id; only roles
    the caller may read."""
    check_first(first, MAX_SIMILAR_ROLES)
    index = await role_index(db, settings)
    found = _similar(index, role_id, len(index.roles))
    visible = await _readable(db, principal, [r.id for r, _, _ in found])
    return [
        SimilarRole(role=_ref(r), similarity=similarity, requirement_overlap=overlap)
        for r, similarity, overlap in found
        if r.id in visible
    ][:first]


async def _thin(db: Database, settings: Settings, roles: Sequence[IndexedRole]) -> dict[str, bool]:
    """Which of these roles are critical with a bench score below the configured threshold."""
    critical = [r.id for r in roles if r.critical]
    if not critical:
        return {r.id: False for r in roles}
    async with db.reading() as tx:
        rows = await succession.bench_of_roles(tx, critical)
    weights = readiness_weights(settings)
    thin = {
        row.role.id: bench_item(row, weights).bench_score < settings.exposure_thin_bench
        for row in rows
    }
    return {r.id: thin.get(r.id, False) for r in roles}


async def role_redeployment_targets(
    db: Database,
    settings: Settings,
    roles: Sequence[tuple[str, float]],
    first: int = DEFAULT_ROLE_TARGETS,
    *,
    principal: Principal,
) -> dict[str, list[RedeploymentTarget]]:
    """For each (role id, exposure): lower-exposure roles for its incumbents, best mean fit first.

    Candidates are the TARGET_POOL most similar roles with exposure at most the role's minus the
    margin that the caller may read; they are ordered by mean fit rounded to 2 decimals (desc),
    critical roles with a thin bench first, mean fit, similarity (desc), then id.
    """
    check_first(first, MAX_ROLE_TARGETS)
    index = await role_index(db, settings)
    wanted_pool = max(TARGET_POOL, first)
    levels: dict[str, float] = {}
    for role_id, value in roles:
        own = index.get(role_id)
        level = own.exposure if own is not None and own.exposure is not None else value
        levels[role_id] = level - settings.exposure_margin + EPSILON
    # The most similar few first; a role whose few the caller may not all read looks further.
    pools: dict[str, list[tuple[IndexedRole, float, float]]] = {}
    for most in (4 * wanted_pool, len(index.roles)):
        short = [r for r in levels if r not in pools]
        looked = {r: _similar(index, r, most, levels[r]) for r in short}
        named = sorted({r.id for pool in looked.values() for r, _, _ in pool})
        visible = await _readable(db, principal, named)
        for role_id, pool in looked.items():
            kept = [entry for entry in pool if entry[0].id in visible]
            if len(kept) >= wanted_pool or len(pool) < most or most >= len(index.roles):
                pools[role_id] = kept[:wanted_pool]
        if len(pools) == len(levels):
            break
    pools = {role_id: pools[role_id] for role_id in levels}
    wanted = [role_id for role_id, pool in pools.items() if pool]
    teams: dict[str, list[dict[str, int]]] = {}
    if wanted:
        async with db.reading() as tx:
            teams = await exposure.incumbent_skills(tx, wanted)
    thin = await _thin(db, settings, [r for pool in pools.values() for r, _, _ in pool])
    found: dict[str, list[RedeploymentTarget]] = {}
    for role_id, pool in pools.items():
        team = teams.get(role_id, [])
        people = Team(team, (s for target, _, _ in pool for s in target.needs.skill_ids))
        targets = []
        for target, similarity, _ in pool:
            assert target.exposure is not None
            assert target.source is not None
            covered = target.needs.covered_by(people)
            mean_fit = (
                float(fit_value(covered, len(team) * target.needs.total))
                if team and target.needs.total
                else (0.0 if team else None)
            )
            targets.append(
                RedeploymentTarget(
                    role=_ref(target),
                    exposure=target.exposure,
                    source=target.source,
                    similarity=similarity,
                    mean_fit=mean_fit,
                    thin_bench=thin[target.id],
                )
            )
        targets.sort(
            key=lambda t: (
                -bucket(-1.0 if t.mean_fit is None else t.mean_fit),
                not t.thin_bench,
                -(-1.0 if t.mean_fit is None else t.mean_fit),
                -t.similarity,
                t.role.id,
            )
        )
        found[role_id] = targets[:first]
    return found


async def employee_redeployment_targets(
    db: Database,
    settings: Settings,
    employee_id: str,
    first: int = DEFAULT_PERSONAL_TARGETS,
    *,
    principal: Principal,
) -> list[PersonalTarget]:
    """Lower-exposure roles for one person (DESIGN §4), by their own fit.

    The person's exposure is that of the most exposed role they hold; targets are the roles
    they do not hold with fit > 0 and exposure at most that minus the margin, by fit rounded to
    2 decimals (desc), critical roles with a thin bench first, fit (desc), then role id. An
    inactive person, or one holding no role with an exposure, has none. Whose: anyone's for
    admin, hr and service; a manager's own and their reporting subtree's; an employee's own.
    Only roles the caller may read are named.
    """
    check_first(first, MAX_PERSONAL_TARGETS)
    async with db.reading() as tx:
        await access.check_person(
            tx, principal, employee_id, f"the redeployment targets of {employee_id!r}"
        )
        profile = await exposure.employee_profile(tx, employee_id)
    if profile is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    if not profile.active:
        return []
    index = await role_index(db, settings, profile.seen)
    held_roles = [index.get(r) for r in profile.role_ids]
    exposures = [r.exposure for r in held_roles if r is not None and r.exposure is not None]
    if not exposures:
        return []
    fits = index.by_skill.fits(profile.held)
    mask = (fits > 0) & (index.exposures <= max(exposures) - settings.exposure_margin + EPSILON)
    for role_id in profile.role_ids:
        if role_id in index.row:
            mask[index.row[role_id]] = False
    rows = index.ranked(fits, mask)
    visible = await _readable(db, principal, [index.roles[i].id for i in rows])
    rows = [i for i in rows if index.roles[i].id in visible]
    # Thin benches decide order only among fits in the same bucket: read them for the buckets
    # that reach the page.
    if len(rows) > first:
        last = bucket(float(fits[rows[first - 1]]))
        rows = [i for i in rows if bucket(float(fits[i])) >= last]
    thin = await _thin(db, settings, [index.roles[i] for i in rows])
    rows.sort(key=lambda i: (-bucket(float(fits[i])), not thin[index.roles[i].id], -fits[i], i))
    targets = []
    for i in rows[:first]:
        role = index.roles[i]
        assert role.exposure is not None
        assert role.source is not None
        targets.append(
            PersonalTarget(
                role=_ref(role),
                exposure=role.exposure,
                source=role.source,
                fit=float(fits[i]),
                thin_bench=thin[role.id],
                gaps=role.needs.gap_list(profile.held),
            )
        )
    return targets
