"""Writes made straight into Neo4j by another tool (an HRIS sync, say) are answered correctly at
once: candidates, slates, talent maps, benches, vacancy chains and the export all equal a full
recomputation (tests/oracle.py) after skills, requirements, holdings and `active` change behind
TalentGraph's back, with its shortlists and role index warm from before."""

from __future__ import annotations

from graph.auth import LOCAL_DEVELOPER as ADMIN
from graph.db import Database
from graph.services import shortlists, succession, talent_maps
from graph.services.export import ExportFilters, ExportRun, readiness_rows
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.oracle import Oracle

SETTINGS = Settings(shortlist_refresh_delay=0.0)
ROLES = ("LEAD", "DEV", "OPS", "QA")
PEOPLE = ("a", "b", "c", "d", "e", "f", "g")


def org() -> Org:
    return (
        Org()
        .unit("ROOT")
        .unit("ENG", parent="ROOT")
        .skill("py")
        .skill("ops")
        .skill("lead")
        .skill("test")
        .role("LEAD", "ENG", {"lead": (4, 2), "py": (3, 1)}, grade=5, critical=True)
        .role("DEV", "ENG", {"py": (4, 2), "test": (2, 1)}, grade=3, critical=True)
        .role("OPS", "ENG", {"ops": (4, 1), "py": (2, 1)}, grade=3, critical=True)
        .role("QA", "ENG", {"test": (4, 1)}, grade=2)
        .employee("a", holds=("LEAD",), skills={"lead": 4, "py": 3}, risk_of_loss="HIGH")
        .employee("b", holds=("DEV",), skills={"py": 4, "test": 1, "lead": 2}, manager="a")
        .employee("c", holds=("DEV",), skills={"py": 3, "test": 2}, manager="a")
        .employee("d", holds=("OPS",), skills={"ops": 4, "py": 1}, manager="a")
        .employee("e", holds=("QA",), skills={"test": 3, "py": 2}, manager="b")
        .employee("f", holds=("QA",), skills={"test": 4, "ops": 1}, manager="b")
        .employee("g", skills={"py": 2, "ops": 3}, manager="d")
        .assess("b", "LEAD", "READY_1_2_YEARS")
        .assess("c", "LEAD", "READY_3_5_YEARS")
        .assess("e", "DEV", "READY_NOW")
        .assess("g", "OPS", "READY_1_2_YEARS")
        .assess("f", "DEV", "READY_1_2_YEARS")
    )


EXTERNAL = (
    # a level raised in place, a skill added, a requirement changed and one added
    "MATCH (:Employee {id: 'g'})-[h:HAS_SKILL]->(:Skill {id: 'py'}) SET h.level = 4",
    "MATCH (e:Employee {id: 'f'}), (s:Skill {id: 'py'}) CREATE (e)-[:HAS_SKILL {level: 3.5}]->(s)",
    "MATCH (:Role {id: 'DEV'})-[q:REQUIRES]->(:Skill {id: 'test'}) SET q.level = 3.25",
    "MATCH (r:Role {id: 'QA'}), (s:Skill {id: 'py'}) CREATE (r)-[:REQUIRES {level: 2, weight: 1}]->(s)",
    # a holding moved: c leaves DEV for OPS; and b is no longer active
    "MATCH (:Employee {id: 'c'})-[h:HOLDS]->(:Role {id: 'DEV'}) DELETE h",
    "MATCH (e:Employee {id: 'c'}), (r:Role {id: 'OPS'}) CREATE (e)-[:HOLDS]->(r)",
    "MATCH (e:Employee {id: 'b'}) SET e.active = false",
)


async def answers(db: Database) -> dict[str, object]:
    found: dict[str, object] = {}
    for role in ROLES:
        got = await succession.succession_candidates(db, SETTINGS, role, 100, principal=ADMIN)
        found[f"candidates {role}"] = [(c.employee.id, c.fit) for c in got.items]
        slate = await succession.successors(db, role, principal=ADMIN)
        found[f"slate {role}"] = [(s.employee.id, s.readiness.value, s.fit) for s in slate]
        chain = await succession.vacancy_chain(db, role, 3, principal=ADMIN)
        found[f"chain {role}"] = (
            [(s.role.id, s.employee.id) for s in chain.steps],
            chain.ends_with.value,
        )
    bench = await succession.bench_strength(
        db, succession.readiness_weights(SETTINGS), None, False, principal=ADMIN
    )
    found["bench"] = {b.role.id: (b.bench_score, b.cover, b.key_person_risk) for b in bench.items}
    for person in PEOPLE:
        page = await talent_maps.talent_map(db, SETTINGS, person, 100, principal=ADMIN)
        found[f"map {person}"] = [(t.role.id, t.fit) for t in page.items]
    exported = [
        row
        async for batch in readiness_rows(
            db, SETTINGS, ExportFilters(all_roles=True, candidates=10), ExportRun(), principal=ADMIN
        )
        for row in batch
    ]
    found["export"] = {
        role: [(r["kind"], r["person_id"], r["fit"]) for r in exported if r["role_id"] == role]
        for role in ROLES
    }
    found["export bench"] = {
        r["role_id"]: (r["bench_score"], r["cover"], r["key_person_risk"]) for r in exported
    }
    return found


def expected(oracle: Oracle) -> dict[str, object]:
    found: dict[str, object] = {}
    for role in ROLES:
        found[f"candidates {role}"] = oracle.candidates(role)
        found[f"slate {role}"] = oracle.slate(role)
        found[f"chain {role}"] = oracle.chain(role)
    found["bench"] = {role: oracle.bench(role) for role in ROLES}
    for person in PEOPLE:
        found[f"map {person}"] = oracle.talent_map(person)
    export = {}
    for role in ROLES:
        nominated = [("NOMINATED", p, fit) for p, _, fit in oracle.slate(role)]
        never = [
            ("CANDIDATE", p, fit)
            for p, fit in oracle.candidates(role)
            if role not in oracle.people[p].assessed
        ][:10]
        export[role] = nominated + never or [("NONE", None, None)]
    found["export"] = export
    found["export bench"] = {role: oracle.bench(role) for role in ROLES}
    return found


async def test_writes_by_another_tool_are_answered_correctly(db: Database) -> None:
    await org().save(db)
    await shortlists.rebuild(db)
    before = await answers(db)  # warms the shortlists and the role index
    assert before == expected(await Oracle.read(db))
    async with db.driver.session(database=db.database) as session:
        for statement in EXTERNAL:
            await (await session.run(statement)).consume()
    after = await answers(db)
    assert after == expected(await Oracle.read(db))
    assert after != before  # the writes changed the answers
