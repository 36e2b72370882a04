"""Automation exposure and reskilling: argument checks, then the figures DESIGN §4 defines.

Exposure of single roles and their top tasks are read straight from the graph. Listing exposed
roles, similar roles and redeployment targets compares roles with each other, so those work from
a snapshot of every role's exposure, headcount, bench and requirements (graph.role_vectors), kept
per database and rebuilt only when the database's bookmark shows a write since it was taken: a
request costs one tiny read plus in-memory work, and never sees data older than its own start.
The mean fit of a role's incumbents for its candidate targets uses their skills, read exactly.
The configured occupation dataset, exposure margin and thin-bench threshold come from `Settings`.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.auth import Principal
from graph.cypher import Tx
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
from graph.models import Gap
from graph.repositories import exposure
from graph.repositories.exposure import ExposureConfig
from graph.role_vectors import RoleVector, RoleVectors, TeamSkills, bucket
from graph.services import access
from graph.settings import Settings

MAX_EXPOSED_ROLES = 500
MAX_TOP_TASKS = 20
MAX_SIMILAR_ROLES = 100
MAX_ROLE_TARGETS = 10
MAX_PERSONAL_TARGETS = 50
#: Redeployment targets of a role are picked from this many of its most similar roles with low
#: enough exposure, then ordered by the incumbents' mean fit: the cost stays flat in people x roles.
TARGET_POOL = 10
#: "At least the margin lower" tolerates float rounding (0.7 - 0.2 is 0.49999999999999994).
EPSILON = 1e-9


def config_of(settings: Settings) -> ExposureConfig:
    return ExposureConfig(
        dataset=settings.exposure_dataset,
        margin=settings.exposure_margin,
        thin_bench=settings.exposure_thin_bench,
        weight_ready_now=settings.weight_ready_now,
        weight_ready_1_2_years=settings.weight_ready_1_2_years,
        weight_ready_3_5_years=settings.weight_ready_3_5_years,
    )


def check_first(first: int, most: int, name: str = "first") -> None:
    if not 1 <= first <= most:
        raise BadUserInput(f"{name} must be between 1 and {most}", field=name)


@dataclass
class _Snapshot:
    version: str | None = None
    config: ExposureConfig | None = None
    vectors: RoleVectors | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


_SNAPSHOTS: weakref.WeakKeyDictionary[Database, _Snapshot] = weakref.WeakKeyDictionary()


async def role_vectors(db: Database, config: ExposureConfig) -> RoleVectors:
    """The snapshot of every role, rebuilt when anything was written since it was taken."""
    snapshot = _SNAPSHOTS.setdefault(db, _Snapshot())
    _, version = await db.read_versioned(exposure.probe)

    def current() -> RoleVectors | None:
        if version is not None and snapshot.version == version and snapshot.config == config:
            return snapshot.vectors
        return None

    found = current()
    if found is not None:
        return found
    async with snapshot.lock:
        found = current()
        if found is not None:
            return found
        # The version is the one seen before reading: a write during the read makes it stale.
        rows, names = await db.read(exposure.snapshot, config)
        vectors = RoleVectors.from_rows(rows, names)
        snapshot.version, snapshot.config, snapshot.vectors = version, config, vectors
        return vectors


def _ref(role: RoleVector) -> RoleRef:
    return RoleRef(id=role.id, title=role.title)


async def _readable_roles(tx: Tx, principal: Principal, ids: list[str]) -> set[str]:
    return await access.readable_roles(tx, principal, ids)


async def automation_exposed_roles(
    db: Database,
    settings: Settings,
    min_exposure: float = 0.5,
    first: int = 50,
    *,
    principal: Principal,
) -> list[ExposedRole]:
    """Roles with exposure >= min_exposure, by exposure x headcount desc, then role id.

    Admin, hr and service: every role; a manager: the roles in their org units; others: Forbidden.
    """
    if not access.reads_all(principal):
        access.require(principal, (access.MANAGER,), "the automation-exposed roles")
    if not 0.0 <= min_exposure <= 1.0:
        raise BadUserInput("minExposure must be between 0 and 1", field="minExposure")
    check_first(first, MAX_EXPOSED_ROLES)
    vectors = await role_vectors(db, config_of(settings))
    found = [
        r
        for r in vectors.roles
        if r.exposure is not None and r.source is not None and r.exposure >= min_exposure
    ]
    if not access.reads_all(principal):
        visible = await db.read(_readable_roles, principal, [r.id for r in found])
        found = [r for r in found if r.id in visible]
    found.sort(key=lambda r: (-(r.exposure or 0.0) * r.headcount, r.id))
    return [
        ExposedRole(role=_ref(r), exposure=r.exposure, source=r.source, headcount=r.headcount)
        for r in found[:first]
    ]


async def role_exposures(
    db: Database, settings: Settings, ids: Sequence[str]
) -> dict[str, RoleExposure]:
    """Exposure of each role that has one (roles without tasks or occupation are absent)."""
    return await db.read(exposure.of_roles, config_of(settings), list(ids))


async def top_tasks(
    db: Database, roles: Sequence[tuple[str, ExposureSource]], first: int = 5
) -> dict[str, list[TaskExposure]]:
    check_first(first, MAX_TOP_TASKS)
    return await db.read(exposure.top_tasks, list(roles), first)


async def similar_roles(
    db: Database, settings: Settings, role_id: str, first: int = 10
) -> list[SimilarRole]:
    """Roles sharing required skills, by weighted Jaccard similarity desc, then id."""
    check_first(first, MAX_SIMILAR_ROLES)
    vectors = await role_vectors(db, config_of(settings))
    return [
        SimilarRole(role=_ref(s.role), similarity=s.score) for s in vectors.similar(role_id, first)
    ]


async def role_redeployment_targets(
    db: Database, settings: Settings, roles: Sequence[tuple[str, float]], first: int = 3
) -> dict[str, list[RedeploymentTarget]]:
    """For each (role id, exposure): lower-exposure roles for its incumbents, best mean fit first.

    Candidates are the TARGET_POOL most similar roles with exposure at most the role's minus the
    margin; they are ordered by mean fit rounded to 2 decimals (desc), critical roles with a thin
    bench first, mean fit, similarity (desc), then id.
    """
    check_first(first, MAX_ROLE_TARGETS)
    config = config_of(settings)
    vectors = await role_vectors(db, config)
    pools = {}
    for role_id, value in roles:
        own = vectors.get(role_id)
        level = own.exposure if own is not None and own.exposure is not None else value
        pools[role_id] = vectors.similar(
            role_id, max(TARGET_POOL, first), level - config.margin + EPSILON
        )
    wanted = [role_id for role_id, pool in pools.items() if pool]
    teams = {
        role_id: TeamSkills(people, levels)
        for role_id, (people, levels) in (
            (await db.read(exposure.incumbent_skills, wanted)).items() if wanted else ()
        )
    }
    found: dict[str, list[RedeploymentTarget]] = {}
    for role_id, pool in pools.items():
        targets = []
        for s in pool:
            assert s.role.exposure is not None
            assert s.role.source is not None
            team = teams.get(role_id)
            mean_fit = team.mean_fit(s.role) if team else None
            targets.append(
                RedeploymentTarget(
                    role=_ref(s.role),
                    exposure=s.role.exposure,
                    source=s.role.source,
                    similarity=s.score,
                    mean_fit=mean_fit,
                    thin_bench=vectors.thin_bench(s.role, config.thin_bench),
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


async def _profile(tx: Tx, principal: Principal, employee_id: str) -> dict[str, Any] | None:
    await access.check_person(
        tx, principal, employee_id, f"the redeployment targets of {employee_id!r}"
    )
    return await exposure.employee_profile(tx, employee_id)


async def employee_redeployment_targets(
    db: Database, settings: Settings, employee_id: str, first: int = 5, *, principal: Principal
) -> list[PersonalTarget]:
    """Lower-exposure roles for one person (DESIGN §4), by their own fit.

    The person's exposure is that of the most exposed role they hold; targets are the roles
    they do not hold with fit > 0 and exposure at most that minus the margin, by fit rounded to
    2 decimals (desc), critical roles with a thin bench first, fit (desc), then role id. An
    inactive person, or one holding no role with an exposure, has none. Whose: anyone's for
    admin, hr and service; a manager's own and their reporting subtree's; an employee's own.
    """
    check_first(first, MAX_PERSONAL_TARGETS)
    profile = await db.read(_profile, principal, employee_id)
    if profile is None:
        raise NotFound(f"no employee with id {employee_id!r}", field="employeeId")
    if not profile["active"]:
        return []
    config = config_of(settings)
    vectors = await role_vectors(db, config)
    held = [vectors.get(r) for r in profile["roleIds"]]
    exposures = [r.exposure for r in held if r is not None and r.exposure is not None]
    if not exposures:
        return []
    levels = {str(skill): float(level) for skill, level in profile["skills"]}
    scored = vectors.fits(levels, max(exposures) - config.margin + EPSILON, profile["roleIds"])
    thin = {s.role.id: vectors.thin_bench(s.role, config.thin_bench) for s in scored}
    scored.sort(key=lambda s: (-bucket(s.score), not thin[s.role.id], -s.score, s.role.id))
    targets = []
    for s in scored[:first]:
        assert s.role.exposure is not None
        assert s.role.source is not None
        targets.append(
            PersonalTarget(
                role=_ref(s.role),
                exposure=s.role.exposure,
                source=s.role.source,
                fit=s.score,
                thin_bench=thin[s.role.id],
                gaps=[Gap.model_validate(g) for g in vectors.gaps(s.role, levels)],
            )
        )
    return targets
