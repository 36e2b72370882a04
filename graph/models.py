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
    skill: SkillRef
    required: float
    have: float
    shortfall: float


class Candidate(Model):
    employee: EmployeeRef
    fit: float
    readiness: Readiness | None = None
    assessed_at: datetime | None = None
    gaps: list[Gap]
