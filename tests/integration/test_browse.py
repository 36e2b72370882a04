"""Browse and search (graph/services/browse.py) against a real Neo4j: the lists of people, roles,
skills and org units, their filters, pages and totals, what each caller may see in them, and org
units by id with their place in the tree."""

from __future__ import annotations

import pytest

from graph.auth import LOCAL_DEVELOPER, AccessRole, Principal
from graph.db import Database
from graph.errors import BadUserInput, Forbidden, NotFound, TalentGraphError
from graph.models import SkillCategory
from graph.pagination import Page, encode_cursor
from graph.repositories.org_units import UnitDetail
from graph.services import browse
from graph.services.browse import SkillFilter
from tests.support.factories import Org

ADMIN = LOCAL_DEVELOPER
BOSS = Principal("boss", frozenset({AccessRole.MANAGER}), employee_id="boss")
REP = Principal("eu2", frozenset({AccessRole.EMPLOYEE}), employee_id="eu2")
SERVICE = Principal("bi", frozenset({AccessRole.SERVICE}))


def org() -> Org:
    """ROOT (Acme) ─ SALES ─ EU, ROOT ─ OPS; boss heads Sales and manages eu1, who manages eu2;
    gone (inactive) reported to boss; ops reports to ceo."""
    return (
        Org()
        .unit("ROOT", name="Acme")
        .unit("SALES", parent="ROOT", name="Sales")
        .unit("EU", parent="SALES", name="Sales Europe")
        .unit("OPS", parent="ROOT", name="Operations")
        .skill("py", "Python", "TECHNOLOGY")
        .skill("neg", "Negotiation")
        .skill("law", "Contract law", "KNOWLEDGE")
        .role("CEO", "ROOT", {"neg": (3, 1)}, grade=9, critical=True, title="Chief executive")
        .role("HEAD", "SALES", {"neg": (4, 1)}, grade=6, critical=True, title="Head of Sales")
        .role("REP2", "EU", {"neg": (3, 1)}, grade=4, critical=True, title="Senior sales rep")
        .role("REP", "EU", {"neg": (2, 1)}, grade=3, title="Sales rep")
        .role(
            "OPSM",
            "OPS",
            {"law": (2, 1)},
            grade=5,
            title="Operations manager",
            occupation="11-1021.00",
        )
        .employee("ceo", holds=("CEO",), name="Zoe Adams", title="Chief Executive")
        .employee("boss", holds=("HEAD",), name="Ann Smith", title="Head of Sales", manager="ceo")
        .employee(
            "eu1",
            holds=("REP2",),
            name="anna Berg",
            title="Senior Rep",
            manager="boss",
            skills={"neg": 4},
            performance="HIGH",
        )
        .employee(
            "eu2",
            holds=("REP",),
            name="Bob Annson",
            title="Sales Rep",
            manager="eu1",
            skills={"neg": 2, "py": 3},
        )
        .employee("gone", holds=("REP",), name="Ann Old", manager="boss", active=False)
        .employee(
            "ops",
            holds=("OPSM",),
            name="Carl Ops",
            title="Ops Manager",
            manager="ceo",
            skills={"law": 3},
        )
    )


@pytest.fixture
async def seeded(db: Database) -> Database:
    await org().save(db)
    return db


def ids(page: Page) -> list[str]:  # type: ignore[type-arg]
    return [item.id for item in page.items]


async def test_search_people_by_name_case_insensitively_by_name_then_id(seeded: Database) -> None:
    found = await browse.employees(seeded, principal=ADMIN, search="ANN")
    # "ann smith" < "anna berg" < "bob annson"; Ann Old is inactive
    assert ids(found) == ["boss", "eu1", "eu2"]
    assert found.total_count == 3 and not found.has_next_page
    everyone = await browse.employees(seeded, principal=ADMIN, search="ann", active=None)
    assert ids(everyone) == ["gone", "boss", "eu1", "eu2"]
    inactive = await browse.employees(seeded, principal=ADMIN, active=False)
    assert ids(inactive) == ["gone"]
    assert ids(await browse.employees(seeded, principal=ADMIN, search="zzz")) == []


async def test_pages_resume_after_their_cursor_and_count_every_match(seeded: Database) -> None:
    first = await browse.employees(seeded, principal=ADMIN, first=2)
    assert ids(first) == ["boss", "eu1"] and first.has_next_page and first.total_count == 5
    rest = await browse.employees(seeded, principal=ADMIN, first=2, after=first.end_cursor)
    assert ids(rest) == ["eu2", "ops"] and rest.has_next_page and rest.total_count == 5
    last = await browse.employees(seeded, principal=ADMIN, first=2, after=rest.end_cursor)
    assert ids(last) == ["ceo"] and not last.has_next_page
    assert len(first.cursors) == 2 and first.cursors[-1] == first.end_cursor


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"first": 0}, "first"),
        ({"first": 201}, "first"),
        ({"after": "not a cursor"}, "after"),
        ({"after": encode_cursor("roles", "x", "y")}, "after"),  # another list's cursor
        ({"after": encode_cursor("employees", 1, "y")}, "after"),
        ({"search": "x" * 201}, "search"),
        ({"skill": SkillFilter("neg", -1)}, "skill.minLevel"),
    ],
)
async def test_bad_people_arguments_are_refused(
    seeded: Database, arguments: dict[str, object], field: str
) -> None:
    with pytest.raises(BadUserInput) as refused:
        await browse.employees(seeded, principal=ADMIN, **arguments)  # type: ignore[arg-type]
    assert refused.value.details["field"] == field


async def test_people_filters(seeded: Database) -> None:
    in_sales = await browse.employees(seeded, principal=ADMIN, org_unit_id="SALES")
    assert ids(in_sales) == ["boss", "eu1", "eu2"]  # the unit and the units below it
    assert ids(await browse.employees(seeded, principal=ADMIN, title="rep")) == ["eu1", "eu2"]
    skilled = await browse.employees(seeded, principal=ADMIN, skill=SkillFilter("neg", 3))
    assert ids(skilled) == ["eu1"]
    assert ids(await browse.employees(seeded, principal=ADMIN, skill=SkillFilter("neg"))) == [
        "eu1",
        "eu2",
    ]
    both = await browse.employees(seeded, principal=ADMIN, org_unit_id="EU", search="bob")
    assert ids(both) == ["eu2"]
    with pytest.raises(NotFound):
        await browse.employees(seeded, principal=ADMIN, org_unit_id="NOPE")
    with pytest.raises(NotFound):
        await browse.employees(seeded, principal=ADMIN, skill=SkillFilter("nope"))


async def test_people_lists_name_only_whom_the_caller_may_read(seeded: Database) -> None:
    mine = await browse.employees(seeded, principal=BOSS)
    assert ids(mine) == ["boss", "eu1", "eu2"] and mine.total_count == 3  # self and subtree
    assert ids(await browse.employees(seeded, principal=BOSS, active=None)) == [
        "gone",
        "boss",
        "eu1",
        "eu2",
    ]
    assert ids(await browse.employees(seeded, principal=BOSS, org_unit_id="EU")) == ["eu1", "eu2"]
    for unit in ("OPS", "ROOT", "NOPE"):  # outside their units, or nothing: the same answer
        with pytest.raises(Forbidden):
            await browse.employees(seeded, principal=BOSS, org_unit_id=unit)
    own = await browse.employees(seeded, principal=REP)
    assert ids(own) == ["eu2"] and own.total_count == 1
    assert ids(await browse.employees(seeded, principal=REP, search="ann")) == ["eu2"]
    with pytest.raises(Forbidden):
        await browse.employees(seeded, principal=REP, org_unit_id="EU")
    assert ids(await browse.employees(seeded, principal=SERVICE)) == ids(
        await browse.employees(seeded, principal=ADMIN)
    )


async def test_roles_filters_and_scope(seeded: Database) -> None:
    every = await browse.roles(seeded, principal=ADMIN)
    assert ids(every) == ["CEO", "HEAD", "OPSM", "REP", "REP2"]  # by title
    assert every.total_count == 5
    assert ids(await browse.roles(seeded, principal=ADMIN, org_unit_id="SALES")) == [
        "HEAD",
        "REP",
        "REP2",
    ]
    assert ids(await browse.roles(seeded, principal=ADMIN, critical=True)) == [
        "CEO",
        "HEAD",
        "REP2",
    ]
    assert ids(await browse.roles(seeded, principal=ADMIN, min_grade=4, max_grade=6)) == [
        "HEAD",
        "OPSM",
        "REP2",
    ]
    assert ids(await browse.roles(seeded, principal=ADMIN, min_grade=9)) == ["CEO"]
    coded = await browse.roles(seeded, principal=ADMIN, occupation_code="11-1021.00")
    assert ids(coded) == ["OPSM"]
    assert ids(await browse.roles(seeded, principal=ADMIN, search="SALES")) == [
        "HEAD",
        "REP",
        "REP2",
    ]
    with pytest.raises(BadUserInput) as refused:
        await browse.roles(seeded, principal=ADMIN, min_grade=5, max_grade=4)
    assert refused.value.details["field"] == "minGrade"
    with pytest.raises(NotFound):
        await browse.roles(seeded, principal=ADMIN, org_unit_id="NOPE")
    page = await browse.roles(seeded, principal=ADMIN, first=1, critical=True)
    rest = await browse.roles(
        seeded, principal=ADMIN, first=5, critical=True, after=page.end_cursor
    )
    assert ids(page) + ids(rest) == ["CEO", "HEAD", "REP2"] and rest.total_count == 3
    people = await browse.employees(seeded, principal=ADMIN, first=1)
    with pytest.raises(BadUserInput):  # a people cursor
        await browse.roles(seeded, principal=ADMIN, after=people.end_cursor)
    # a manager: the roles of their org units (SALES and below); an employee: none
    assert ids(await browse.roles(seeded, principal=BOSS)) == ["HEAD", "REP", "REP2"]
    assert ids(await browse.roles(seeded, principal=BOSS, org_unit_id="EU")) == ["REP", "REP2"]
    for unit in ("OPS", "NOPE"):
        with pytest.raises(Forbidden):
            await browse.roles(seeded, principal=BOSS, org_unit_id=unit)
    with pytest.raises(Forbidden):
        await browse.roles(seeded, principal=REP)


async def test_skills_for_everyone(seeded: Database) -> None:
    every = await browse.skills(seeded, principal=REP)
    assert ids(every) == ["law", "neg", "py"] and every.total_count == 3
    assert [s.category for s in every.items] == [
        SkillCategory.KNOWLEDGE,
        SkillCategory.SKILL,
        SkillCategory.TECHNOLOGY,
    ]
    assert ids(await browse.skills(seeded, principal=BOSS, search="TION")) == ["neg"]
    tech = await browse.skills(seeded, principal=SERVICE, category=SkillCategory.TECHNOLOGY)
    assert ids(tech) == ["py"]
    with pytest.raises(Forbidden):
        await browse.skills(seeded, principal=Principal("nobody", frozenset()))


async def test_org_units_list_and_details(seeded: Database) -> None:
    every = await browse.org_units_list(seeded, principal=ADMIN)
    assert ids(every) == ["ROOT", "OPS", "SALES", "EU"]  # Acme, Operations, Sales, Sales Europe
    assert ids(await browse.org_units_list(seeded, principal=ADMIN, search="sales")) == [
        "SALES",
        "EU",
    ]
    assert ids(await browse.org_units_list(seeded, principal=BOSS)) == ["SALES", "EU"]
    with pytest.raises(Forbidden):
        await browse.org_units_list(seeded, principal=REP)

    found = await browse.org_units_by_id(seeded, ["SALES", "ROOT", "NOPE"], principal=ADMIN)
    sales = found["SALES"]
    assert isinstance(sales, UnitDetail)
    assert sales.parent is not None and sales.parent.id == "ROOT"
    assert [c.id for c in sales.children] == ["EU"]
    assert sales.headcount == 3  # boss, eu1, eu2 (gone is inactive)
    assert sales.head is not None and sales.head.id == "boss"
    root = found["ROOT"]
    assert isinstance(root, UnitDetail) and root.parent is None
    assert [c.id for c in root.children] == ["OPS", "SALES"] and root.headcount == 5
    assert isinstance(found["NOPE"], NotFound)

    managed = await browse.org_units_by_id(seeded, ["EU", "ROOT", "NOPE"], principal=BOSS)
    assert isinstance(managed["EU"], UnitDetail)
    assert isinstance(managed["ROOT"], Forbidden) and isinstance(managed["NOPE"], Forbidden)
    refused = await browse.org_units_by_id(seeded, ["EU"], principal=REP)
    assert isinstance(refused["EU"], TalentGraphError)

    roles = await browse.unit_roles_by_id(seeded, ["EU", "OPS"], principal=BOSS)
    assert [r.id for r in roles["EU"]] == ["REP", "REP2"]  # type: ignore[union-attr]
    assert isinstance(roles["OPS"], Forbidden)

    paths = await browse.unit_paths(seeded, ["EU", "ROOT"])
    assert [u.id for u in paths["EU"]] == ["ROOT", "SALES", "EU"]
    assert [u.id for u in paths["ROOT"]] == ["ROOT"]
