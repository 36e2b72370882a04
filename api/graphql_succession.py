"""GraphQL for succession reviews: slates, benches, vacancy chains, talent maps, 9-boxes, history.

Resolvers only translate arguments and call services (graph/services); people and roles are
resolved through the request's DataLoaders, so nested fields cost one query per batch.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.graphql_schema import Employee, GraphInfo, Rating, Readiness, Role, Skill, skill_of
from graph import models
from graph.errors import Forbidden, NotFound
from graph.services import audit, readiness, succession, talent_maps

Coverage = strawberry.enum(
    models.Coverage,
    description="UNCOVERED: no nominated successor; NOT_READY: none ready now; COVERED otherwise.",
)
Move = strawberry.enum(
    models.Move,
    description=(
        "UPWARD: grade above the highest grade the person holds; LATERAL: same or lower grade, "
        "in the org unit of a role they hold; PIVOT: same or lower grade in another org unit "
        "(every role, for someone who holds none)."
    ),
)
ChainEnd = strawberry.enum(
    models.ChainEnd,
    description=(
        "EXTERNAL_HIRE: a vacated role has no acceptable successor; DEPTH_LIMIT: maxDepth steps "
        "were taken and the last mover left a role open; NO_BACKFILL: the last mover held no "
        "role, so nothing is left open."
    ),
)
AssessmentKind = strawberry.enum(
    models.AssessmentKind, description="ASSESSED: a readiness was set; WITHDRAWN: it was removed."
)


async def _employee(info: GraphInfo, employee_id: str) -> Employee:
    found = await info.context.loaders.employee.load(employee_id)
    if found is None:  # deleted between the two reads
        raise NotFound(f"no employee with id {employee_id!r}")
    return Employee.from_model(found)


async def _employees(info: GraphInfo, ids: list[str]) -> list[Employee]:
    found = await info.context.loaders.employee.load_many(ids)
    return [Employee.from_model(e) for e in found if e is not None]


async def _role(info: GraphInfo, role_id: str) -> Role:
    found = await info.context.loaders.role.load(role_id)
    if found is None:
        raise NotFound(f"no role with id {role_id!r}")
    return Role.from_model(found)


@strawberry.type(description="Where to resume a list: pass endCursor as `after`.")
class PageInfo:
    end_cursor: str | None
    has_next_page: bool


@strawberry.type(description="A nominated successor on a role's slate (DESIGN §4).")
class Successor:
    employee_id: strawberry.Private[str]
    readiness: Readiness  # type: ignore[valid-type]
    fit: float = strawberry.field(description="Skill fit in [0, 1].")
    assessed_at: datetime | None
    assessed_by: str | None

    @strawberry.field
    async def employee(self, info: GraphInfo) -> Employee:
        return await _employee(info, self.employee_id)


@strawberry.type(description="Bench strength and key-person risk of one role (DESIGN §4).")
class BenchStrength:
    role: Role
    incumbents: list[Employee] = strawberry.field(description="Active incumbents, by id.")
    ready_now: int
    ready_one_to_two_years: int
    ready_three_to_five_years: int
    bench_score: float = strawberry.field(
        description=(
            "The bench in ready-now equivalents: Σ weight(readiness) / n over the nominated "
            "successors, n being the number of roles (not held) each is nominated for; weights "
            "1 / 0.5 / 0.25 for ready now / in 1–2 years / in 3–5 years by default. Can exceed 1."
        )
    )
    coverage: Coverage  # type: ignore[valid-type]
    cover: float = strawberry.field(
        description=(
            "The chance that at least one nominated successor can step in, 0 to 1: "
            "1 − Π (1 − weight(readiness) / n) over them. Below 1 unless someone is ready now "
            "with this as their only nomination."
        )
    )
    risk: strawberry.Private[float | None]

    @strawberry.field(
        description=(
            "Max over active incumbents of p(riskOfLoss) · impact(impactOfLoss) · (1 − cover), "
            "with p = 0.1 / 0.3 / 0.6 and impact = 1/3, 2/3, 1 for LOW / MEDIUM / HIGH (unknown "
            "counts as MEDIUM); 0 when the role has no active incumbent. Derived from the "
            "incumbents' ratings, so it follows their rule: null with a FORBIDDEN error unless "
            "the caller may read the ratings of every incumbent (admin, hr, their manager chain)."
        )
    )
    def key_person_risk(self, info: GraphInfo) -> float | None:
        if self.risk is None:
            raise Forbidden(
                "key-person risk is derived from ratings you may not see (admin, hr and the "
                "incumbents' manager chain only)"
            )
        audit.read(info.context.db, info.context.principal, "keyPersonRisk", [self.role.id])
        return self.risk

    cursor: str = strawberry.field(description="Pass as `after` to continue after this item.")


@strawberry.type(description="One move of a vacancy chain: filledBy moves into role.")
class VacancyChainStep:
    role_id: strawberry.Private[str]
    employee_id: strawberry.Private[str]
    readiness: Readiness  # type: ignore[valid-type]
    fit: float

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)

    @strawberry.field
    async def filled_by(self, info: GraphInfo) -> Employee:
        return await _employee(info, self.employee_id)


@strawberry.type(description="Who moves where if a role falls vacant (DESIGN §4).")
class VacancyChain:
    steps: list[VacancyChainStep]
    ends_with: ChainEnd  # type: ignore[valid-type]


@strawberry.type(description="A skill gap on a talent map, with people who could teach it.")
class TalentGap:
    skill: Skill
    required: float
    have: float
    shortfall: float
    mentor_ids: strawberry.Private[list[str]]

    @strawberry.field(
        description=(
            "Up to 3 active colleagues with the skill at or above the required level: nearest "
            "in the reporting tree first (undirected REPORTS_TO hops, up to 8), then others; "
            "ties by id."
        )
    )
    async def mentors(self, info: GraphInfo) -> list[Employee]:
        return await _employees(info, self.mentor_ids)


@strawberry.type(description="A role an employee could move to (DESIGN §4).")
class TalentMapEntry:
    role_id: strawberry.Private[str]
    fit: float = strawberry.field(description="Skill fit in [0, 1].")
    move: Move  # type: ignore[valid-type]
    gaps: list[TalentGap] = strawberry.field(description="Largest weight × shortfall first.")
    cursor: str = strawberry.field(description="Pass as `after` to continue after this item.")

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)


@strawberry.type(description="An entry of the append-only readiness history.")
class ReadinessAssessment:
    id: strawberry.ID
    kind: AssessmentKind  # type: ignore[valid-type]
    employee_id: strawberry.Private[str]
    role_id: strawberry.Private[str]
    readiness: Readiness | None = strawberry.field(  # type: ignore[valid-type]
        description="The readiness set; null for a withdrawal."
    )
    previous_readiness: Readiness | None = strawberry.field(  # type: ignore[valid-type]
        description="The current readiness this entry replaced; null when there was none."
    )
    assessed_by: str | None
    assessed_at: datetime
    note_text: strawberry.Private[str | None]
    note_withheld: strawberry.Private[bool]

    @classmethod
    def from_model(cls, a: models.Assessment) -> ReadinessAssessment:
        return cls(
            id=strawberry.ID(a.id),
            kind=a.kind,
            employee_id=a.employee_id,
            role_id=a.role_id,
            readiness=a.readiness,
            previous_readiness=a.previous_readiness,
            assessed_by=a.assessed_by,
            assessed_at=a.assessed_at,
            note_text=a.note,
            note_withheld=a.note_withheld,
        )

    @strawberry.field(
        description=(
            "The assessor's note. Sensitive: admin, hr and the person's manager chain only "
            "(else null + FORBIDDEN)."
        )
    )
    def note(self, info: GraphInfo) -> str | None:
        if self.note_withheld:
            raise Forbidden(
                f"the note on {self.id!r} is visible to admin, hr and the manager chain only"
            )
        if self.note_text is not None:
            audit.read(info.context.db, info.context.principal, "notes", [self.employee_id])
        return self.note_text

    @strawberry.field
    async def employee(self, info: GraphInfo) -> Employee:
        return await _employee(info, self.employee_id)

    @strawberry.field
    async def role(self, info: GraphInfo) -> Role:
        return await _role(info, self.role_id)


@strawberry.type(description="A page of the readiness history, newest first.")
class ReadinessChangeConnection:
    items: list[ReadinessAssessment]
    page_info: PageInfo


@strawberry.type(description="One cell of a 9-box (performance × potential).")
class NineBoxCell:
    performance: Rating  # type: ignore[valid-type]
    potential: Rating  # type: ignore[valid-type]
    employees: list[Employee] = strawberry.field(description="Active people in the cell, by id.")

    @strawberry.field(description="How many people are in the cell.")
    def count(self) -> int:
        return len(self.employees)


@strawberry.input(description="A readiness assessment of a person for a role.")
class AssessReadinessInput:
    employee_id: strawberry.ID
    role_id: strawberry.ID
    readiness: Readiness  # type: ignore[valid-type]
    note: str | None = strawberry.field(default=None, description="At most 2,000 characters.")


def _page_args(first: int | None, default: int) -> int:
    return default if first is None else first


@strawberry.type
class SuccessionQuery:
    @strawberry.field(
        description=(
            "The slate of a role: active non-incumbents with a current readiness for it, by "
            "readiness (now first), then fit desc, then id (DESIGN §4). A manager: roles in "
            "their org units only."
        )
    )
    async def successors(self, info: GraphInfo, role_id: strawberry.ID) -> list[Successor]:
        found = await succession.successors(
            info.context.db, str(role_id), principal=info.context.principal
        )
        info.context.loaders.know(s.employee for s in found)
        return [
            Successor(
                employee_id=s.employee.id,
                readiness=s.readiness,
                fit=s.fit,
                assessed_at=s.assessed_at,
                assessed_by=s.assessed_by,
            )
            for s in found
        ]

    @strawberry.field(
        description=(
            "One item per role in the org unit and the units below it (every role when "
            "orgUnitId is omitted), by keyPersonRisk desc, then role id. A manager: units in "
            "their org units only (their own units when omitted)."
        )
    )
    async def bench_strength(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        critical_only: bool | None = True,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 500 items per page.")
        ] = 200,
        after: Annotated[
            str | None, strawberry.argument(description="The cursor of the last item seen.")
        ] = None,
    ) -> list[BenchStrength]:
        page = await succession.bench_strength(
            info.context.db,
            succession.readiness_weights(info.context.settings),
            None if org_unit_id is None else str(org_unit_id),
            True if critical_only is None else critical_only,
            _page_args(first, 200),
            after,
            principal=info.context.principal,
        )
        return [
            BenchStrength(
                role=Role.from_model(b.role),
                incumbents=[Employee.from_model(e) for e in b.incumbents],
                ready_now=b.ready_now,
                ready_one_to_two_years=b.ready_one_to_two_years,
                ready_three_to_five_years=b.ready_three_to_five_years,
                bench_score=b.bench_score,
                coverage=b.coverage,
                cover=b.cover,
                risk=b.key_person_risk,
                cursor=cursor,
            )
            for b, cursor in zip(page.items, page.cursors, strict=True)
        ]

    @strawberry.field(
        description=(
            "Who moves where if the role falls vacant: at each step the best nominated "
            "successor ready now or in 1–2 years (3–5 years is not acceptable), then fit desc, "
            "then id, who has not moved yet and holds no role already in the chain. A manager: "
            "roles in their org units only."
        )
    )
    async def vacancy_chain(
        self,
        info: GraphInfo,
        role_id: strawberry.ID,
        max_depth: Annotated[int | None, strawberry.argument(description="1 to 10.")] = 3,
    ) -> VacancyChain:
        chain = await succession.vacancy_chain(
            info.context.db,
            str(role_id),
            3 if max_depth is None else max_depth,
            principal=info.context.principal,
        )
        info.context.loaders.know(
            (step.employee for step in chain.steps), (step.role for step in chain.steps)
        )
        return VacancyChain(
            steps=[
                VacancyChainStep(
                    role_id=s.role_id, employee_id=s.employee_id, readiness=s.readiness, fit=s.fit
                )
                for s in chain.steps
            ],
            ends_with=chain.ends_with,
        )

    @strawberry.field(
        description=(
            "Roles the employee could move to: roles they do not hold with fit > 0 whose grade "
            "is within the window around the highest grade g they hold (g − gradesBelow to g + "
            "gradesAbove; every role for someone who holds none), by fit desc then role id; "
            "empty for an inactive employee. A manager: themselves and their reporting subtree; "
            "an employee: themselves."
        )
    )
    async def talent_map(
        self,
        info: GraphInfo,
        employee_id: strawberry.ID,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 100 items per page.")
        ] = 10,
        after: Annotated[
            str | None, strawberry.argument(description="The cursor of the last item seen.")
        ] = None,
        grades_below: Annotated[
            int | None,
            strawberry.argument(description="Grades below the person's highest shown, 0 to 50."),
        ] = 1,
        grades_above: Annotated[
            int | None,
            strawberry.argument(description="Grades above the person's highest shown, 0 to 50."),
        ] = 3,
    ) -> list[TalentMapEntry]:
        page = await talent_maps.talent_map(
            info.context.db,
            info.context.settings,
            str(employee_id),
            _page_args(first, 10),
            after,
            talent_maps.GradeWindow(
                1 if grades_below is None else grades_below,
                3 if grades_above is None else grades_above,
            ),
            principal=info.context.principal,
        )
        return [
            TalentMapEntry(
                role_id=t.role.id,
                fit=t.fit,
                move=t.move,
                gaps=[
                    TalentGap(
                        skill=skill_of(g.skill),
                        required=g.required,
                        have=g.have,
                        shortfall=g.shortfall,
                        mentor_ids=[m.id for m in g.mentors],
                    )
                    for g in t.gaps
                ],
                cursor=cursor,
            )
            for t, cursor in zip(page.items, page.cursors, strict=True)
        ]

    @strawberry.field(
        description=(
            "Every readiness assessment and withdrawal recorded at or after `since`, for roles "
            "in the org unit subtree (all when omitted), newest first. A manager: units in their "
            "org units only (their own units when omitted); notes of people outside their "
            "reporting subtree are null with a FORBIDDEN error."
        )
    )
    async def readiness_changes(
        self,
        info: GraphInfo,
        since: datetime,
        org_unit_id: strawberry.ID | None = None,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 200 items per page.")
        ] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="pageInfo.endCursor of the last page.")
        ] = None,
    ) -> ReadinessChangeConnection:
        page = await readiness.readiness_changes(
            info.context.db,
            since,
            None if org_unit_id is None else str(org_unit_id),
            _page_args(first, 50),
            after,
            principal=info.context.principal,
        )
        return ReadinessChangeConnection(
            items=[ReadinessAssessment.from_model(a) for a in page.items],
            page_info=PageInfo(end_cursor=page.end_cursor, has_next_page=page.has_next_page),
        )

    @strawberry.field(
        description=(
            "The nine performance × potential cells, always all nine, rows by potential HIGH → "
            "LOW, columns by performance LOW → HIGH; active holders of roles in the org unit "
            "subtree (any role when omitted); people without both ratings are left out. Admin "
            "and hr: everyone; a manager: the people of their reporting subtree, in units in "
            "their org units (their own units when omitted)."
        )
    )
    async def nine_box(
        self, info: GraphInfo, org_unit_id: strawberry.ID | None = None
    ) -> list[NineBoxCell]:
        cells = await succession.nine_box(
            info.context.db,
            None if org_unit_id is None else str(org_unit_id),
            principal=info.context.principal,
        )
        return [
            NineBoxCell(
                performance=c.performance,
                potential=c.potential,
                employees=[Employee.from_model(e) for e in c.employees],
            )
            for c in cells
        ]


@strawberry.type
class SuccessionMutation:
    @strawberry.mutation(
        description=(
            "Set a person's current readiness for a role and append it to the history, in one "
            "transaction. Not for inactive people or a role the person holds. Admin and hr: "
            "anyone; a manager: people in their reporting subtree. assessedBy is the caller's "
            "token subject."
        )
    )
    async def assess_readiness(
        self, info: GraphInfo, input: AssessReadinessInput
    ) -> ReadinessAssessment:
        found = await readiness.assess_readiness(
            info.context.db,
            str(input.employee_id),
            str(input.role_id),
            input.readiness,
            input.note,
            principal=info.context.principal,
        )
        return ReadinessAssessment.from_model(found)

    @strawberry.mutation(
        description=(
            "Remove a person's current readiness for a role, recording the withdrawal. Who may: "
            "as for assessReadiness."
        )
    )
    async def withdraw_nomination(
        self, info: GraphInfo, employee_id: strawberry.ID, role_id: strawberry.ID
    ) -> ReadinessAssessment:
        found = await readiness.withdraw_nomination(
            info.context.db, str(employee_id), str(role_id), principal=info.context.principal
        )
        return ReadinessAssessment.from_model(found)
