"""GraphQL for calibration sessions (issue 17): `calibrationSessions`, each with its changes, as
the review page's sessions list and summary show them (graph/services/calibration/)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from api.graphql_schema import GraphInfo
from graph import calibration as model
from graph.services import calibration

SessionStatus = strawberry.enum(model.SessionStatus, description="OPEN, or CLOSED.")
ChangeKind = strawberry.enum(
    model.ChangeKind,
    description=(
        "NOMINATE, READINESS (another readiness), WITHDRAW, RATE (a 9-box move), DISCUSSED, "
        "ACTION, or UNDO (of an earlier change of the same participant)."
    ),
)


@strawberry.type(description="One change made in a calibration session, in order.")
class CalibrationChange:
    id: strawberry.ID
    seq: int = strawberry.field(description="1, 2, ... within the session.")
    kind: ChangeKind  # type: ignore[valid-type]
    by: str = strawberry.field(description="The token subject of who made it.")
    at: datetime
    employee_id: strawberry.ID | None
    role_id: strawberry.ID | None
    before: str | None = strawberry.field(
        description=(
            "Readiness, PERFORMANCE/POTENTIAL for a 9-box move, yes/no for discussed; null: "
            "none (or withheld: ratings follow the rules of Employee.performance)."
        )
    )
    after: str | None
    version: int | None = strawberry.field(
        description="The version of the pair (readiness) or person (ratings) after the change."
    )
    note: str | None
    action_what: str | None
    action_owner: str | None
    action_due: date | None
    undoes: strawberry.ID | None = strawberry.field(
        description="For an UNDO: the change it reverts."
    )
    undone: bool = strawberry.field(description="A later UNDO reverted this change.")
    withheld: bool = strawberry.field(
        description="Ratings or note removed: the caller may not see this person's ratings."
    )

    @classmethod
    def from_model(cls, c: model.CalibrationChange) -> CalibrationChange:
        return cls(
            id=strawberry.ID(c.id),
            seq=c.seq,
            kind=c.kind,
            by=c.by,
            at=c.at,
            employee_id=strawberry.ID(c.employee_id) if c.employee_id else None,
            role_id=strawberry.ID(c.role_id) if c.role_id else None,
            before=c.before,
            after=c.after,
            version=c.version,
            note=c.note,
            action_what=c.action_what,
            action_owner=c.action_owner,
            action_due=c.action_due,
            undoes=strawberry.ID(c.undoes) if c.undoes else None,
            undone=c.undone_by is not None,
            withheld=c.withheld,
        )


@strawberry.type(description="A review meeting that edits readiness, the 9-box and actions.")
class CalibrationSession:
    id: strawberry.ID
    name: str
    status: SessionStatus  # type: ignore[valid-type]
    org_unit_id: strawberry.ID
    org_unit_name: str
    participants: list[str]
    started_by: str
    started_at: datetime
    closed_by: str | None
    closed_at: datetime | None
    closing_note: str | None
    not_discussed: list[strawberry.ID] | None = strawberry.field(
        description="When closed: the critical roles of the unit nobody marked as discussed."
    )

    @strawberry.field(description="Every change of the session, in order (at most 10,000).")
    async def changes(self, info: GraphInfo) -> list[CalibrationChange]:
        _, found = await calibration.session_changes(
            info.context.db, str(self.id), principal=info.context.principal
        )
        return [CalibrationChange.from_model(c) for c in found]

    @classmethod
    def from_model(cls, s: model.CalibrationSession) -> CalibrationSession:
        return cls(
            id=strawberry.ID(s.id),
            name=s.name,
            status=s.status,
            org_unit_id=strawberry.ID(s.org_unit_id),
            org_unit_name=s.org_unit_name,
            participants=list(s.participants),
            started_by=s.started_by,
            started_at=s.started_at,
            closed_by=s.closed_by,
            closed_at=s.closed_at,
            closing_note=s.closing_note,
            not_discussed=None
            if s.not_discussed is None
            else [strawberry.ID(r) for r in s.not_discussed],
        )


@strawberry.type
class CalibrationQuery:
    @strawberry.field(
        description=(
            "Calibration sessions, newest first: every one for admin and hr, for a manager those "
            "of their part of the organisation. FORBIDDEN for other roles."
        )
    )
    async def calibration_sessions(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        first: Annotated[int | None, strawberry.argument(description="1 to 200 sessions.")] = 50,
    ) -> list[CalibrationSession]:
        found = await calibration.list_sessions(
            info.context.db,
            None if org_unit_id is None else str(org_unit_id),
            50 if first is None else first,
            principal=info.context.principal,
        )
        return [CalibrationSession.from_model(s) for s in found]
