"""Per-request DataLoaders: nested lists cost one query per batch of ids, never one per row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph.db import Database, Tx
from graph.models import Employee, OrgUnit, Requirement, Role, SkillLevel
from graph.repositories import employees, roles

V = TypeVar("V")
D = TypeVar("D")


def _loader(
    db: Database, fetch: Callable[[Tx, Sequence[str]], Awaitable[Mapping[str, V]]], default: D
) -> DataLoader[str, V | D]:
    async def load(ids: list[str]) -> list[V | D]:
        async with db.reading() as tx:
            found = await fetch(tx, ids)
        return [found.get(i, default) for i in ids]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, db: Database) -> None:
        self.employee: DataLoader[str, Employee | None] = _loader(db, employees.get_many, None)
        self.employee_skills: DataLoader[str, list[SkillLevel]] = _loader(
            db, employees.skills_of, []
        )
        self.employee_roles: DataLoader[str, list[str]] = _loader(db, employees.roles_of, [])
        self.manager: DataLoader[str, str | None] = _loader(db, employees.managers_of, None)
        self.reports: DataLoader[str, list[Employee]] = _loader(db, employees.reports_of, [])
        self.role: DataLoader[str, Role | None] = _loader(db, roles.get_many, None)
        self.role_unit: DataLoader[str, OrgUnit | None] = _loader(db, roles.org_units_of, None)
        self.incumbents: DataLoader[str, list[str]] = _loader(db, roles.incumbents_of, [])
        self.requirements: DataLoader[str, list[Requirement]] = _loader(
            db, roles.requirements_of, []
        )

    def know(self, people: Iterable[Employee] = (), posts: Iterable[Role] = ()) -> None:
        """Prime the employee and role loaders with profiles a query already returned, so the
        nested fields that ask for them read nothing more."""
        for person in people:
            self.employee.prime(person.id, person)
        for role in posts:
            self.role.prime(role.id, role)
