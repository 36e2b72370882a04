"""Calibration sessions (issue 17): the workforce-planning meeting that edits readiness, ratings and
actions in place. A session belongs to an org unit; each change it makes is numbered, says who made
it, what it was before and after, and the version of what it changed, so that a stale edit is a
CONFLICT rather than a silent overwrite."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from graph.models import Model, Rating, Readiness


class SessionStatus(StrEnum):
    OPEN = "OPEN"
    CLOSED = "CLOSED"


class ChangeKind(StrEnum):
    #: A first readiness for a (person, role) pair: before is null.
    NOMINATE = "NOMINATE"
    #: Another readiness for a nominated pair.
    READINESS = "READINESS"
    #: The nomination withdrawn: after is null.
    WITHDRAW = "WITHDRAW"
    #: A move on the 9-box: before and after are "PERFORMANCE/POTENTIAL".
    RATE = "RATE"
    #: A role marked as discussed (undone: no longer discussed).
    DISCUSSED = "DISCUSSED"
    #: An action (what, owner, due date) against a role or a person.
    ACTION = "ACTION"
    #: The inverse of an earlier change of the same participant (`undoes` names it).
    UNDO = "UNDO"


class CalibrationSession(Model):
    id: str
    name: str
    status: SessionStatus
    org_unit_id: str
    org_unit_name: str
    participants: tuple[str, ...] = ()
    started_by: str
    started_at: datetime
    closed_by: str | None = None
    closed_at: datetime | None = None
    change_count: int = 0
    #: Set when closed: the critical roles of the unit nobody marked as discussed.
    not_discussed: list[str] | None = Field(
        default=None,
        description="When closed: the critical roles of the unit nobody marked as discussed.",
    )
    closing_note: str | None = None

    @property
    def open(self) -> bool:
        return self.status is SessionStatus.OPEN


class CalibrationChange(Model):
    id: str
    seq: int = Field(description="1, 2, ... within the session.")
    session_id: str
    kind: ChangeKind
    by: str = Field(description="The token subject of who made it.")
    at: datetime
    employee_id: str | None = None
    role_id: str | None = None
    #: Readiness values, "PERFORMANCE/POTENTIAL" for ratings, "yes"/"no" for discussed; null: none.
    before: str | None = Field(
        default=None,
        description=(
            "Readiness, PERFORMANCE/POTENTIAL for a 9-box move, yes/no for discussed; null: "
            "none (or withheld: ratings follow the rules of Employee.performance)."
        ),
    )
    after: str | None = None
    #: The version of the changed pair (readiness) or person (ratings) after this change.
    version: int | None = Field(
        default=None,
        description="The version of the pair (readiness) or person (ratings) after the change.",
    )
    note: str | None = None
    action_what: str | None = None
    action_owner: str | None = None
    action_due: date | None = None
    #: For an UNDO: the change it reverts.
    undoes: str | None = Field(default=None, description="For an UNDO: the change it reverts.")
    #: The UNDO that reverted this change, if any.
    undone_by: str | None = None
    #: The values or note were removed because the caller may not see this person's ratings/notes.
    withheld: bool = Field(
        default=False,
        description="Ratings or note removed: the caller may not see this person's ratings.",
    )


class RatingAssessment(Model):
    """One entry of the append-only history of a person's performance and potential."""

    id: str
    employee_id: str
    performance: Rating | None = None
    potential: Rating | None = None
    previous_performance: Rating | None = None
    previous_potential: Rating | None = None
    assessed_by: str
    assessed_at: datetime
    note: str | None = None


def rating_text(performance: Rating | str | None, potential: Rating | str | None) -> str | None:
    """How a change records a 9-box cell: "HIGH/MODERATE" (performance / potential)."""
    if performance is None or potential is None:
        return None
    return f"{Rating(performance).value}/{Rating(potential).value}"


def rating_of(text: str | None) -> tuple[Rating, Rating] | None:
    if not text:
        return None
    performance, potential = text.split("/")
    return Rating(performance), Rating(potential)


def readiness_of(text: str | None) -> Readiness | None:
    return Readiness(text) if text else None
