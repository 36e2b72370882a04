"""The request's DataLoaders, all of them: nested fields cost one read per batch of ids, never one
per row. Built once per request (`Context`, and the review page's reader); none outlives it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph import models
from graph.auth import Principal
from graph.db import Database
from graph.errors import TalentGraphError
from graph.exposure import ExposureSource, RedeploymentTarget, RoleExposure, TaskExposure
from graph.services import browse, exposure, people
from graph.settings import Settings

V = TypeVar("V")
A = TypeVar("A")

#: (id, with skills, with direct reports): a person and what their page shows.
ProfileKey = tuple[str, bool, bool]


def _found(
    read: Callable[[list[str]], Awaitable[Mapping[str, V]]], missing: V
) -> DataLoader[str, V]:
    """Values by id; `missing` for an id the read does not return."""

    async def load(ids: list[str]) -> list[V]:
        found = await read(ids)
        return [found.get(i, missing) for i in ids]

    return DataLoader(load_fn=load)


def _checked(
    read: Callable[[list[str]], Awaitable[Mapping[str, V | TalentGraphError]]],
) -> DataLoader[str, V]:
    """Values by id from a service that checks the caller: the error it gives for an id is
    raised where that id is loaded (the field is null with the error's code)."""

    async def load(ids: list[str]) -> list[V | BaseException]:
        found = await read(ids)
        return [found[i] for i in ids]

    return DataLoader(load_fn=load)


def _allowed(read: Callable[[list[str]], Awaitable[set[str]]]) -> DataLoader[str, bool]:
    async def load(ids: list[str]) -> list[bool]:
        found = await read(ids)
        return [i in found for i in ids]

    return DataLoader(load_fn=load)


def _by_first(
    read: Callable[[list[tuple[str, A]], int], Awaitable[Mapping[str, list[V]]]],
) -> DataLoader[tuple[str, A, int], list[V]]:
    """Lists by (id, what the read needs of it, `first`): one read per distinct `first`."""

    async def load(keys: list[tuple[str, A, int]]) -> list[list[V]]:
        wanted: dict[int, list[tuple[str, A]]] = defaultdict(list)
        for id_, value, first in keys:
            wanted[first].append((id_, value))
        found = {first: await read(pairs, first) for first, pairs in wanted.items()}
        return [found[first].get(id_, []) for id_, _, first in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, db: Database, settings: Settings, principal: Principal) -> None:
        self._db, self._principal = db, principal
        # What hangs off people and roles already shown (graph/services/people.py says why
        # these need no check of their own).
        self.employee: DataLoader[str, models.Employee | None] = _found(
            partial(people.employees_found, db), None
        )
        self.employee_skills: DataLoader[str, list[models.SkillLevel]] = _found(
            partial(people.skills_of, db), []
        )
        self.employee_roles: DataLoader[str, list[str]] = _found(partial(people.roles_held, db), [])
        self.manager: DataLoader[str, str | None] = _found(partial(people.managers_of, db), None)
        self.reports: DataLoader[str, list[models.Employee]] = _found(
            partial(people.reports_of, db), []
        )
        self.role: DataLoader[str, models.Role | None] = _found(
            partial(people.roles_found, db), None
        )
        self.role_unit: DataLoader[str, models.OrgUnit | None] = _found(
            partial(people.units_of, db), None
        )
        #: Each org unit's path from the top of the tree down to it (directory data).
        self.unit_path: DataLoader[str, list[models.OrgUnit]] = _found(
            partial(browse.unit_paths, db), []
        )
        self.incumbents: DataLoader[str, list[str]] = _found(partial(people.incumbents_of, db), [])
        self.requirements: DataLoader[str, list[models.Requirement]] = _found(
            partial(people.requirements_of, db), []
        )

        # Looked up by id as the caller: an error where the services refuse it.
        self.checked_employee: DataLoader[str, models.Employee] = _checked(
            lambda ids: people.employees_by_id(db, ids, principal=principal)
        )
        self.checked_role: DataLoader[str, models.Role] = _checked(
            lambda ids: people.roles_by_id(db, ids, principal=principal)
        )
        #: Org units with what their page shows, and the roles directly in them.
        self.unit: DataLoader[str, browse.UnitDetail] = _checked(
            lambda ids: browse.org_units_by_id(db, ids, principal=principal)
        )
        self.unit_roles: DataLoader[str, list[models.Role]] = _checked(
            lambda ids: browse.unit_roles_by_id(db, ids, principal=principal)
        )
        self.profile: DataLoader[ProfileKey, people.Profile] = DataLoader(load_fn=self._profiles)
        #: Whose skills and redeployment targets, and whose ratings, the caller may see.
        self.readable = _allowed(lambda ids: people.readable_people(db, principal, ids))
        self.sensitive = _allowed(lambda ids: people.sensitive_people(db, principal, ids))

        self.exposure: DataLoader[str, RoleExposure | None] = _found(
            lambda ids: exposure.role_exposures(db, settings, ids), None
        )
        self.top_tasks: DataLoader[tuple[str, ExposureSource, int], list[TaskExposure]] = _by_first(
            lambda roles, first: exposure.top_tasks(db, roles, first)
        )
        self.role_targets: DataLoader[tuple[str, float, int], list[RedeploymentTarget]] = _by_first(
            lambda roles, first: exposure.role_redeployment_targets(
                db, settings, roles, first, principal=principal
            )
        )

    async def _profiles(self, keys: list[ProfileKey]) -> list[people.Profile | BaseException]:
        found: dict[ProfileKey, people.Profile | BaseException] = {}
        for skills, reports in sorted({(k[1], k[2]) for k in keys}):
            ids = [k[0] for k in keys if (k[1], k[2]) == (skills, reports)]
            batch = await people.profiles_by_id(
                self._db, ids, principal=self._principal, skills=skills, reports=reports
            )
            found.update({(i, skills, reports): batch[i] for i in ids})
        return [found[k] for k in keys]

    def know(
        self, people: Iterable[models.Employee] = (), posts: Iterable[models.Role] = ()
    ) -> None:
        """Prime the employee and role loaders with profiles a query already returned, so the
        nested fields that ask for them read nothing more."""
        for person in people:
            self.employee.prime(person.id, person)
        for role in posts:
            self.role.prime(role.id, role)
