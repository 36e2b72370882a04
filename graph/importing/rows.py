"""One pydantic model per CSV file: the documented columns, validated before anything is written.

An empty cell (nothing but spaces) is a missing value, in every column of every file: an optional
column takes its documented default, a required one is refused as required (see `row_issues`).

Over 400 lines on purpose: one file holds every file's model, so the README's file reference and
the models can be read side by side (a test checks they agree); each model is short."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from graph.importing.issues import ImportIssue
from graph.models import (
    EventKind,
    ExitReason,
    Fill,
    Level,
    Rating,
    Readiness,
    RequisitionStatus,
    SkillCategory,
)
from graph.scoring.units import DECIMALS, MAX_VALUE, too_precise

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _parse_bool(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        low = value.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError("expected true or false")
    return value


def _upper(value: Any) -> Any:
    value = _blank_to_none(value)
    return value.upper() if isinstance(value, str) else value


#: The two three-level scales share LOW and HIGH; their middle words are easy to mix up, so each
#: scale takes the other's too (MODERATE ≡ MEDIUM), in any case.
_MIDDLE = frozenset(("MODERATE", "MEDIUM"))


def _three_level(scale: type[Rating] | type[Level]) -> Any:
    middle = next(member for member in scale if member.value in _MIDDLE)
    other = next(iter(_MIDDLE - {middle.value}))
    words = f"LOW, {middle.value} (or {other}) or HIGH, in any case"

    def parse(value: Any) -> Any:
        value = _upper(value)
        if not isinstance(value, str):
            return value
        if value in _MIDDLE:
            return middle
        if value in scale.__members__:
            return scale[value]
        raise PydanticCustomError("scale", "expected {words}", {"words": words})

    return parse


def _split_ids(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


#: Line breaks besides the control characters (Unicode category Cc: C0, DEL, C1).
_LINE_SEPARATORS = frozenset("\u2028\u2029")
#: What free text (a note, a task statement) may hold of the above.
_FREE_TEXT_BREAKS = frozenset("\t\n\r\u2028\u2029")


def _bad_character(value: str, allowed: frozenset[str] = frozenset()) -> tuple[int, str] | None:
    for at, char in enumerate(value):
        if (char in _LINE_SEPARATORS or unicodedata.category(char) == "Cc") and char not in allowed:
            return at, char
    return None


def _one_line(value: str) -> str:
    """Names, titles, ids and the like are one line of text: no NUL, no line break, no other
    control character (they break CSV exports, logs and the review page's layout)."""
    found = _bad_character(value)
    if found:
        raise PydanticCustomError(
            "control_character",
            "holds a line break or control character (U+{code} at position {at}); this column "
            "is one line of text",
            {"code": f"{ord(found[1]):04X}", "at": found[0] + 1},
        )
    return value


def _free_text(value: str) -> str:
    """Notes and statements may hold line breaks and tabs, no other control character (NUL never)."""
    found = _bad_character(value, _FREE_TEXT_BREAKS)
    if found:
        raise PydanticCustomError(
            "control_character",
            "holds a control character (U+{code} at position {at}); free text may hold line "
            "breaks and tabs, nothing else of the kind",
            {"code": f"{ord(found[1]):04X}", "at": found[0] + 1},
        )
    return value


#: How far ahead of this machine's clock an import's timestamps may be (clocks differ a little).
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Checks:
    """What row validation compares against, fixed once per import (pydantic validation context),
    so that both passes over a file judge its rows the same way."""

    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW


def _four_decimals(value: float) -> float:
    if too_precise(value):
        raise ValueError(
            f"levels and weights count to {DECIMALS} decimal places; round it (it has more)"
        )
    return value


#: A skill level or a requirement weight: what the scoring core (graph/scoring/units.py) holds
#: exactly, a number with at most four decimal places, at most 100.
Amount = Annotated[float, Field(le=MAX_VALUE, allow_inf_nan=False), AfterValidator(_four_decimals)]

Id = Annotated[
    str,
    BeforeValidator(_blank_to_none),
    Field(min_length=1, max_length=200),
    AfterValidator(_one_line),
]
OptId = Annotated[
    Annotated[str, Field(max_length=200), AfterValidator(_one_line)] | None,
    BeforeValidator(_blank_to_none),
]
Text = Annotated[
    str,
    BeforeValidator(_blank_to_none),
    Field(min_length=1, max_length=500),
    AfterValidator(_one_line),
]
OptText = Annotated[
    Annotated[str, Field(max_length=500), AfterValidator(_one_line)] | None,
    BeforeValidator(_blank_to_none),
]
#: Free text (a note, a task statement) of up to 2,000 characters: line breaks and tabs allowed.
FreeText = Annotated[
    Annotated[str, Field(max_length=2000), AfterValidator(_free_text)] | None,
    BeforeValidator(_blank_to_none),
]
Bool = Annotated[bool, BeforeValidator(_parse_bool)]
OptBool = Annotated[bool | None, BeforeValidator(_parse_bool)]
OptDate = Annotated[date | None, BeforeValidator(_blank_to_none)]
#: Performance and potential: LOW / MODERATE / HIGH (MEDIUM taken as MODERATE).
OptRating = Annotated[Rating | None, BeforeValidator(_three_level(Rating))]
#: Risk and impact of loss: LOW / MEDIUM / HIGH (MODERATE taken as MEDIUM).
OptLevel = Annotated[Level | None, BeforeValidator(_three_level(Level))]


class Row(BaseModel):
    """A CSV row. `FILE` is the file name; `KEY` the columns that must be unique in the file."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    FILE: ClassVar[str]
    KEY: ClassVar[tuple[str, ...]] = ("id",)
    #: column -> label of the node it must name (in this import or already in the graph)
    REFS: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _empty_cells_are_missing(cls, data: Any) -> Any:
        """An empty cell is no value: the column's default, or `missing` where it is required."""
        if isinstance(data, dict):
            return {
                name: value
                for name, value in data.items()
                if not (isinstance(value, str) and not value.strip())
            }
        return data

    @classmethod
    def columns(cls) -> list[str]:
        return list(cls.model_fields)

    @classmethod
    def required_columns(cls) -> list[str]:
        return [name for name, f in cls.model_fields.items() if f.is_required()]

    def key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.KEY)

    def params(self) -> dict[str, Any]:
        """The row as Cypher parameters (enums as their names; dates stay dates)."""
        return {
            name: value.value if isinstance(value, Enum) else value
            for name, value in self.__dict__.items()
        }


class OrgUnitRow(Row):
    FILE: ClassVar[str] = "org_units.csv"
    REFS: ClassVar[dict[str, str]] = {"parent_id": "OrgUnit"}
    id: Id
    name: Text
    parent_id: OptId = None

    @field_validator("parent_id")
    @classmethod
    def _not_own_parent(cls, value: str | None, info: Any) -> str | None:
        if value is not None and value == info.data.get("id"):
            raise ValueError("an org unit cannot be its own parent")
        return value


class SkillRow(Row):
    FILE: ClassVar[str] = "skills.csv"
    id: Id
    name: Text
    category: Annotated[SkillCategory, BeforeValidator(_upper)] = SkillCategory.SKILL
    onet_element_id: OptId = None


class RoleRow(Row):
    FILE: ClassVar[str] = "roles.csv"
    REFS: ClassVar[dict[str, str]] = {"org_unit_id": "OrgUnit"}
    id: Id
    title: Text
    grade: int = Field(ge=0, le=100)
    critical: Bool = False
    org_unit_id: Id
    occupation_code: Annotated[
        Annotated[str, Field(pattern=r"^\d{2}-\d{4}\.\d{2}$")] | None,
        BeforeValidator(_blank_to_none),
    ] = None


class EmployeeRow(Row):
    FILE: ClassVar[str] = "employees.csv"
    REFS: ClassVar[dict[str, str]] = {"role_ids": "Role"}
    id: Id
    name: Text
    email: OptText = None
    title: OptText = None
    hired_on: OptDate = None
    location: OptText = None
    active: Bool = True
    performance: OptRating = None
    potential: OptRating = None
    risk_of_loss: OptLevel = None
    impact_of_loss: OptLevel = None
    willing_to_relocate: OptBool = None
    role_ids: Annotated[list[Id], BeforeValidator(_split_ids)] = Field(default_factory=list)
    role_since: OptDate = None


class EmployeeSkillRow(Row):
    FILE: ClassVar[str] = "employee_skills.csv"
    KEY: ClassVar[tuple[str, ...]] = ("employee_id", "skill_id")
    REFS: ClassVar[dict[str, str]] = {"employee_id": "Employee", "skill_id": "Skill"}
    employee_id: Id
    skill_id: Id
    level: Annotated[Amount, Field(ge=0)]
    source: OptText = None
    assessed_on: OptDate = None


class RequirementRow(Row):
    FILE: ClassVar[str] = "role_requirements.csv"
    KEY: ClassVar[tuple[str, ...]] = ("role_id", "skill_id")
    REFS: ClassVar[dict[str, str]] = {"role_id": "Role", "skill_id": "Skill"}
    role_id: Id
    skill_id: Id
    level: Annotated[Amount, Field(gt=0)]
    weight: Annotated[Amount, Field(gt=0)] = 1.0


class ReportingLineRow(Row):
    FILE: ClassVar[str] = "reporting_lines.csv"
    KEY: ClassVar[tuple[str, ...]] = ("employee_id",)
    REFS: ClassVar[dict[str, str]] = {"employee_id": "Employee", "manager_id": "Employee"}
    employee_id: Id
    manager_id: Id

    @field_validator("manager_id")
    @classmethod
    def _not_self(cls, value: str, info: Any) -> str:
        if value == info.data.get("employee_id"):
            raise ValueError("an employee cannot report to themselves")
        return value


class AssessmentRow(Row):
    FILE: ClassVar[str] = "readiness_assessments.csv"
    REFS: ClassVar[dict[str, str]] = {"employee_id": "Employee", "role_id": "Role"}
    id: Id
    employee_id: Id
    role_id: Id
    readiness: Annotated[Readiness, BeforeValidator(_upper)]
    assessed_by: Text
    assessed_at: datetime
    note: FreeText = None

    @field_validator("assessed_at")
    @classmethod
    def _utc_and_past(cls, value: datetime, info: ValidationInfo) -> datetime:
        """Naive times are taken as UTC; all times are stored in UTC. A time in the future would
        stay the newest assessment of its pair, so no later one could replace it: refused beyond
        the clock-skew tolerance."""
        return utc_and_past(value, info)


def utc_and_past(value: datetime, info: ValidationInfo) -> datetime:
    """`value` in UTC (naive times are taken as UTC); refused when it is in the future beyond
    the clock-skew tolerance of the import's `Checks`."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    checks = info.context if isinstance(info.context, Checks) else Checks()
    if value > checks.now + checks.clock_skew:
        raise PydanticCustomError(
            "future_time",
            "{value} is in the future (this machine's clock said {now} when the import "
            "began; up to {skew} ahead is allowed for clocks that differ)",
            {
                "value": value.isoformat(),
                "now": checks.now.isoformat(timespec="seconds"),
                "skew": str(checks.clock_skew),
            },
        )
    return value


class EmploymentEventRow(Row):
    """One step of a person's employment history (DESIGN §3): a HIRE into a role, a MOVE or
    PROMOTION from one role to another, an EXIT from a role (with its reason). How the steps of
    one person fit together, and with the holdings, is checked across rows
    (graph/importing/history_checks.py)."""

    FILE: ClassVar[str] = "employment_events.csv"
    REFS: ClassVar[dict[str, str]] = {
        "employee_id": "Employee",
        "from_role_id": "Role",
        "to_role_id": "Role",
    }
    id: Id
    employee_id: Id
    kind: Annotated[EventKind, BeforeValidator(_upper)]
    at: datetime
    from_role_id: OptId = None
    to_role_id: OptId = None
    reason: Annotated[ExitReason | None, BeforeValidator(_upper)] = None

    @field_validator("at")
    @classmethod
    def _utc_and_past(cls, value: datetime, info: ValidationInfo) -> datetime:
        return utc_and_past(value, info)

    @model_validator(mode="after")
    def _shape(self) -> EmploymentEventRow:
        kind = self.kind
        if kind is EventKind.HIRE and self.from_role_id is not None:
            raise _shape_error(
                "from_role_id", "a HIRE comes from no role; leave from_role_id empty"
            )
        if kind is not EventKind.HIRE and self.from_role_id is None:
            raise _shape_error(
                "from_role_id",
                f"a{'n' if kind is EventKind.EXIT else ''} "
                f"{kind.value} needs the role it leaves (from_role_id)",
            )
        if kind is EventKind.EXIT and self.to_role_id is not None:
            raise _shape_error("to_role_id", "an EXIT goes to no role; leave to_role_id empty")
        if kind is not EventKind.EXIT and self.to_role_id is None:
            raise _shape_error(
                "to_role_id", f"a {kind.value} needs the role it goes to (to_role_id)"
            )
        if kind is EventKind.EXIT and self.reason is None:
            raise _shape_error(
                "reason", "an EXIT needs a reason: VOLUNTARY, INVOLUNTARY, RETIREMENT or OTHER"
            )
        if kind is not EventKind.EXIT and self.reason is not None:
            raise _shape_error("reason", "only an EXIT has a reason")
        if self.from_role_id is not None and self.from_role_id == self.to_role_id:
            raise _shape_error("to_role_id", f"a {kind.value} goes to another role than it leaves")
        return self


class RequisitionRow(Row):
    """An opening for a role and how it ended (DESIGN §3 Requisition)."""

    FILE: ClassVar[str] = "requisitions.csv"
    REFS: ClassVar[dict[str, str]] = {"role_id": "Role", "filled_by": "Employee"}
    id: Id
    role_id: Id
    opened_at: datetime
    filled_at: Annotated[datetime | None, BeforeValidator(_blank_to_none)] = None
    status: Annotated[RequisitionStatus, BeforeValidator(_upper)]
    fill: Annotated[Fill | None, BeforeValidator(_upper)] = None
    filled_by: OptId = None

    @field_validator("opened_at", "filled_at")
    @classmethod
    def _utc_and_past(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        return None if value is None else utc_and_past(value, info)

    @model_validator(mode="after")
    def _shape(self) -> RequisitionRow:
        filled = self.status is RequisitionStatus.FILLED
        if filled and self.filled_at is None:
            raise _shape_error("filled_at", "a FILLED requisition needs filled_at")
        if filled and self.fill is None:
            raise _shape_error("fill", "a FILLED requisition needs fill: INTERNAL or EXTERNAL")
        if not filled:
            for column in ("filled_at", "fill", "filled_by"):
                if getattr(self, column) is not None:
                    raise _shape_error(
                        column,
                        f"only a FILLED requisition has {column} (this one is {self.status.value})",
                    )
        if self.filled_at is not None and self.filled_at < self.opened_at:
            raise _shape_error("filled_at", "filled before it was opened (filled_at < opened_at)")
        return self


def _shape_error(column: str, message: str) -> PydanticCustomError:
    """A row-level rule broken, reported at the column it concerns ("column: message")."""
    return PydanticCustomError(
        "row_shape", "{column}: {message}", {"column": column, "message": message}
    )


def row_issues(
    file: str, line: int, record: dict[str, Any], error: ValidationError
) -> list[ImportIssue]:
    """One issue per column of a row that failed validation. A required column left empty (or
    cut off by a short row) says so, whatever its type."""
    issues = []
    for err in error.errors(include_url=False):
        if err["type"] == "row_shape":  # a rule over several columns names the one it concerns
            issues.append(ImportIssue(file, line, err["ctx"]["column"], err["ctx"]["message"]))
            continue
        column = str(err["loc"][0]) if err["loc"] else None
        reason = err["msg"]
        if err["type"] == "missing" and column is not None:
            reason = (
                "required, but the cell is empty"
                if record.get(column) is not None
                else "required, but the row ends before this column"
            )
        issues.append(ImportIssue(file, line, column, reason))
    return issues


#: Files in the order they are written (referenced nodes before the edges that need them).
ROW_TYPES: tuple[type[Row], ...] = (
    OrgUnitRow,
    SkillRow,
    RoleRow,
    EmployeeRow,
    RequirementRow,
    EmployeeSkillRow,
    ReportingLineRow,
    AssessmentRow,
    EmploymentEventRow,
    RequisitionRow,
)
