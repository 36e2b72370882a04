"""Domain models and enums: the one definition of each field, shared by repositories and the API."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
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
    required: float
    have: float | None
    shortfall: float | None


#: A returned candidate with at least this fit and no readiness assessment is "hidden".
HIDDEN_MIN_FIT = 0.5


class Candidate(Model):
    employee: Employee  # the whole profile, so the API need not fetch it again
    fit: float
    readiness: Readiness | None = None
    assessed_at: datetime | None = None
    gaps: list[Gap]
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
    fit: float
    assessed_at: datetime | None = None
    assessed_by: str | None = None


class BenchItem(Model):
    """A role's bench (graph/scoring/bench.py): nominated successors per readiness, the bench
    score in ready-now equivalents, the cover (chance at least one successor can step in) and the
    key-person risk."""

    role: Role
    incumbents: list[Employee]
    ready_now: int
    ready_one_to_two_years: int
    ready_three_to_five_years: int
    bench_score: float
    cover: float
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
    fit: float
    move: Move
    gaps: list[TalentGap]


class Assessment(Model):
    """One entry of the append-only readiness history (an assessment or a withdrawal)."""

    id: str
    kind: AssessmentKind
    employee_id: str
    role_id: str
    readiness: Readiness | None = None
    previous_readiness: Readiness | None = None
    assessed_by: str | None = None
    assessed_at: datetime
    note: str | None = None
    #: The note was removed because the caller may not see it (DESIGN §6: admin, hr, manager chain).
    note_withheld: bool = False


class NineBoxCell(Model):
    performance: Rating
    potential: Rating
    employees: list[Employee]


class AuditOutcome(StrEnum):
    SUCCESS = "SUCCESS"
    FAILURE = "FAILURE"


class AuditEvent(Model):
    """Who did what, when, and how it ended (README "Access control": audit)."""

    id: str
    at: datetime
    actor: str
    action: str
    target: str | None = None
    outcome: AuditOutcome
    code: str | None = None
    detail: str | None = None
