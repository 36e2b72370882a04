"""Domain models and enums: the one definition of each field, shared by repositories and the API.

A field's `description` is its description in the GraphQL schema too (api/graphql derives its
types from these models).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Readiness(StrEnum):
    READY_NOW = "READY_NOW"
    READY_1_2_YEARS = "READY_1_2_YEARS"
    READY_3_5_YEARS = "READY_3_5_YEARS"


class Rating(StrEnum):
    """Performance and potential."""

    LOW = "LOW"
    MODERATE = "MODERATE"
    HIGH = "HIGH"


class Level(StrEnum):
    """Risk of loss and impact of loss."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


class SkillCategory(StrEnum):
    SKILL = "SKILL"
    KNOWLEDGE = "KNOWLEDGE"
    TECHNOLOGY = "TECHNOLOGY"
    OTHER = "OTHER"


class EventKind(StrEnum):
    """What an employment event does to a person's seat (DESIGN §3 EmploymentEvent)."""

    HIRE = "HIRE"
    EXIT = "EXIT"
    MOVE = "MOVE"
    PROMOTION = "PROMOTION"


class ExitReason(StrEnum):
    VOLUNTARY = "VOLUNTARY"
    INVOLUNTARY = "INVOLUNTARY"
    RETIREMENT = "RETIREMENT"
    OTHER = "OTHER"


class RequisitionStatus(StrEnum):
    OPEN = "OPEN"
    FILLED = "FILLED"
    CANCELLED = "CANCELLED"


class Fill(StrEnum):
    """How a requisition was filled: from inside the organisation or by an external hire."""

    INTERNAL = "INTERNAL"
    EXTERNAL = "EXTERNAL"


class Model(BaseModel):
    """Frozen; validated from the graph's camelCase maps or from snake_case keywords."""

    model_config = ConfigDict(
        frozen=True, extra="ignore", alias_generator=to_camel, populate_by_name=True
    )


class OrgUnit(Model):
    id: str
    name: str


class Skill(Model):
    id: str
    name: str
    category: SkillCategory = SkillCategory.SKILL
    onet_element_id: str | None = None


class Employee(Model):
    id: str
    name: str
    email: str | None = None
    title: str | None = None
    hired_on: date | None = None
    location: str | None = None
    active: bool = True
    performance: Rating | None = None
    potential: Rating | None = None
    risk_of_loss: Level | None = None
    impact_of_loss: Level | None = None
    willing_to_relocate: bool | None = None


class Incumbent(Model):
    """An active holder of a role as its bench sees them: who, and the two ratings key-person
    risk is worked out from (the bench of every role reads only these, not whole profiles)."""

    id: str
    risk_of_loss: Level | None = None
    impact_of_loss: Level | None = None


class Role(Model):
    id: str
    title: str
    grade: int
    critical: bool = False
    occupation_code: str | None = None


class EmployeeRef(Model):
    id: str
    name: str


class SkillRef(Model):
    id: str
    name: str


class SkillLevel(Model):
    skill: SkillRef
    level: float


class Requirement(Model):
    skill: SkillRef
    level: float
    weight: float


class Gap(Model):
    """A required skill the person falls short of. `have` and `shortfall` are that person's
    level: None where the caller may not read their skills (graph/services/access.py)."""

    skill: SkillRef
    required: float = Field(description="The level the role requires.")
    have: float | None
    shortfall: float | None


#: A returned candidate with at least this fit and no readiness assessment is "hidden".
HIDDEN_MIN_FIT = 0.5


#: What a fit figure is, wherever one is shown.
FIT = (
    "Skill fit, 0 to 1: Σ weight × min(have, required) / Σ weight × required over the skills the "
    "role requires, `have` being the person's level (0 without the skill)."
)


class Candidate(Model):
    employee: Employee  # the whole profile, so the API need not fetch it again
    fit: float = Field(description=FIT)
    readiness: Readiness | None = Field(
        None, description="Current readiness assessment for the role, if any."
    )
    assessed_at: datetime | None = None
    gaps: list[Gap] = Field(description="Largest weight × shortfall first.")
    #: Whether the person was ever assessed for the role (a current READY_FOR or any history);
    #: required, so a candidates query that forgets it fails instead of inventing hidden people.
    assessed: bool

    @property
    def hidden(self) -> bool:
        """A strong candidate nobody has assessed: fit >= HIDDEN_MIN_FIT, no READY_FOR, no history."""
        return self.fit >= HIDDEN_MIN_FIT and not self.assessed


class Coverage(StrEnum):
    """Bench coverage of a role: no successor, none ready now, or at least one ready now."""

    UNCOVERED = "UNCOVERED"
    NOT_READY = "NOT_READY"
    COVERED = "COVERED"


class Move(StrEnum):
    """How a role on an employee's talent map relates to the roles they hold."""

    UPWARD = "UPWARD"
    LATERAL = "LATERAL"
    PIVOT = "PIVOT"


class ChainEnd(StrEnum):
    """Why a vacancy chain stops."""

    EXTERNAL_HIRE = "EXTERNAL_HIRE"
    DEPTH_LIMIT = "DEPTH_LIMIT"
    NO_BACKFILL = "NO_BACKFILL"


class AssessmentKind(StrEnum):
    ASSESSED = "ASSESSED"
    WITHDRAWN = "WITHDRAWN"


class RoleRef(Model):
    id: str
    title: str


class Successor(Model):
    """A nominated successor on a role's slate."""

    employee: Employee  # the whole profile, so the API need not fetch it again
    readiness: Readiness
    fit: float = Field(description=FIT)
    assessed_at: datetime | None = None
    assessed_by: str | None = None


class BenchItem(Model):
    """A role's bench (graph/scoring/bench.py): nominated successors per readiness, the bench
    score in ready-now equivalents, the cover (chance at least one successor can step in) and the
    key-person risk."""

    role: Role
    incumbents: list[Incumbent] = Field(description="Active incumbents, by id.")
    ready_now: int
    ready_one_to_two_years: int
    ready_three_to_five_years: int
    bench_score: float = Field(
        description=(
            "The bench in ready-now equivalents: Σ weight(readiness) / n over the nominated "
            "successors, n being the number of roles (not held) each is nominated for; weights "
            "1 / 0.5 / 0.25 for ready now / in 1–2 years / in 3–5 years by default. Can exceed 1."
        )
    )
    cover: float = Field(
        description=(
            "The chance that at least one nominated successor can step in, 0 to 1: "
            "1 − Π (1 − weight(readiness) / n) over them. Below 1 unless someone is ready now "
            "with this as their only nomination."
        )
    )
    #: None where the caller may not see it (graph/services/access.py `risk_visible`)
    key_person_risk: float | None

    @property
    def coverage(self) -> Coverage:
        if self.ready_now + self.ready_one_to_two_years + self.ready_three_to_five_years == 0:
            return Coverage.UNCOVERED
        return Coverage.COVERED if self.ready_now else Coverage.NOT_READY


class ChainStep(Model):
    """`employee` moves into `role` (both whole, so the API need not fetch them again)."""

    role: Role
    employee: Employee
    readiness: Readiness
    fit: float

    @property
    def role_id(self) -> str:
        return self.role.id

    @property
    def employee_id(self) -> str:
        return self.employee.id


class VacancyChain(Model):
    steps: list[ChainStep]
    ends_with: ChainEnd


class TalentGap(Model):
    skill: SkillRef
    required: float
    have: float
    shortfall: float
    mentors: list[EmployeeRef] = []


class TalentMapEntry(Model):
    role: RoleRef
    fit: float = Field(description=FIT)
    move: Move
    gaps: list[TalentGap] = Field(description="Largest weight × shortfall first.")


class Assessment(Model):
    """One entry of the append-only readiness history (an assessment or a withdrawal)."""

    id: str
    kind: AssessmentKind
    employee_id: str
    role_id: str
    readiness: Readiness | None = Field(
        None, description="The readiness set; null for a withdrawal."
    )
    previous_readiness: Readiness | None = Field(
        None, description="The current readiness this entry replaced; null when there was none."
    )
    assessed_by: str | None = None
    assessed_at: datetime
    note: str | None = None
    #: The note was removed because the caller may not see it (DESIGN §6: admin, hr, manager chain).
    note_withheld: bool = False


class NineBoxCell(Model):
    performance: Rating
    potential: Rating
    employees: list[Employee] = Field(description="Active people in the cell, by id.")


class AuditOutcome(StrEnum):
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


class AuditEvent(Model):
    """Who did what, when, and how it ended (README "Access control": audit)."""

    id: str
    at: datetime
    actor: str = Field(description="The caller's token subject (`sub`).")
    action: str = Field(
        description=(
            "assessReadiness, withdrawNomination, export.readiness, import.csv, import.demo, "
            "import.onet, import.role-tasks, import.link-occupations or "
            "import.occupation-requirements."
        )
    )
    target: str | None = Field(None, description="What it acted on.")
    outcome: AuditOutcome
    code: str | None = Field(None, description="The error code of a failure.")
    detail: str | None = Field(
        None, description="JSON: the caller's roles and what the action did (rows, filters, ...)."
    )
