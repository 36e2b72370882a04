"""The succession reads of many roles at once (a review page's cards): each role's answer is the
one-role function's, and a role the caller may not read, or that does not exist, gets its own
error without spoiling the others'."""

from __future__ import annotations

import pytest

from graph.auth import AccessRole, Principal
from graph.db import Database
from graph.errors import Forbidden, NotFound
from graph.services import succession
from graph.settings import Settings
from tests.support.orgs import review_org

HR = Principal("hr@example.com", frozenset({AccessRole.HR}))
BOSS = Principal("boss@example.com", frozenset({AccessRole.MANAGER}), employee_id="boss")
ROLES = ["HEAD", "EU", "OPS", "JUNIOR"]


async def test_many_roles_read_as_each_alone(db: Database) -> None:
    await review_org().save(db)
    settings = Settings()
    slates = await succession.successors_of(db, [*ROLES, "HEAD"], principal=HR)
    candidates = await succession.candidates_of(db, settings, ROLES, 10, 0.0, principal=HR)
    chains = await succession.vacancy_chains(db, ROLES, 3, principal=HR)
    assert list(slates) == list(candidates) == list(chains) == ROLES
    for role_id in ROLES:
        assert slates[role_id] == await succession.successors(db, role_id, principal=HR)
        assert candidates[role_id] == await succession.succession_candidates(
            db, settings, role_id, 10, 0.0, principal=HR
        )
        assert chains[role_id] == await succession.vacancy_chain(db, role_id, 3, principal=HR)
    head = slates["HEAD"]
    assert not isinstance(head, Exception)
    assert [s.employee.id for s in head] == ["eu2", "eu1"]
    chain = chains["HEAD"]
    assert not isinstance(chain, Exception)
    assert [s.employee.id for s in chain.steps] == ["eu2"]


async def test_each_role_gets_its_own_refusal(db: Database) -> None:
    await review_org().save(db)
    asked = ["HEAD", "OPS", "NOPE"]
    for found in (
        await succession.successors_of(db, asked, principal=BOSS),
        await succession.candidates_of(db, Settings(), asked, 5, 0.0, principal=BOSS),
        await succession.vacancy_chains(db, asked, 2, principal=BOSS),
    ):
        assert not isinstance(found["HEAD"], Exception)
        assert isinstance(found["OPS"], Forbidden)  # outside the manager's units
        assert isinstance(found["NOPE"], Forbidden)  # unknown: refused first, as one role is
    found = await succession.successors_of(db, ["NOPE"], principal=HR)
    assert isinstance(found["NOPE"], NotFound)
    with pytest.raises(NotFound):
        await succession.vacancy_chain(db, "NOPE", principal=HR)
    with pytest.raises(Forbidden):
        await succession.succession_candidates(db, Settings(), "OPS", principal=BOSS)
