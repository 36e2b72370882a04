"""GraphQL for calibration sessions: `calibrationSessions`, each with its changes, as the review
page's sessions list and summary show them (graph/services/calibration/)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from graph import calibration as model
from graph.pagination import Page
from graph.services import calibration

strawberry.enum(model.SessionStatus, description="OPEN, or CLOSED.")
strawberry.enum(
    model.ChangeKind,
    description=(
        "NOMINATE, READINESS (another readiness), WITHDRAW, RATE (a 9-box move), DISCUSSED, "
        "ACTION, or UNDO (of an earlier change of the same participant)."
    ),
)


def _undone(parent: strawberry.Parent[model.CalibrationChange]) -> bool:
    return parent.undone_by is not None


@derived(
    model.CalibrationChange,
    name="CalibrationChange",
    description="One change made in a calibration session, in order.",
)
class CalibrationChange:
    id: strawberry.ID
    seq: strawberry.auto
    kind: strawberry.auto
    by: strawberry.auto
    at: strawberry.auto
    employee_id: strawberry.ID | None
    role_id: strawberry.ID | None
    before: strawberry.auto
    after: strawberry.auto
    version: strawberry.auto
    note: strawberry.auto
    action_what: strawberry.auto
    action_owner: strawberry.auto
    action_due: strawberry.auto
    undoes: strawberry.ID | None
    undone: bool = strawberry.field(
        resolver=_undone, description="A later UNDO reverted this change."
    )
    withheld: strawberry.auto


async def _changes(
    parent: strawberry.Parent[model.CalibrationSession], info: GraphInfo
) -> list[model.CalibrationChange]:
    _, found = await calibration.session_changes(
        info.context.db, parent.id, principal=info.context.principal
    )
    return list(found)


@derived(
    model.CalibrationSession,
    name="CalibrationSession",
    description="A review meeting that edits readiness, the 9-box and actions.",
)
class CalibrationSession:
    id: strawberry.ID
    name: strawberry.auto
    status: strawberry.auto
    org_unit_id: strawberry.ID
    org_unit_name: strawberry.auto
    participants: list[str]
    started_by: strawberry.auto
    started_at: strawberry.auto
    closed_by: strawberry.auto
    closed_at: strawberry.auto
    closing_note: strawberry.auto
    not_discussed: list[strawberry.ID] | None
    changes = strawberry.field(
        resolver=_changes,
        graphql_type=list[CalibrationChange],
        description="Every change of the session, in order (at most 10,000).",
    )


@strawberry.type(description=CONNECTION)
class CalibrationSessionConnection(Connection[CalibrationSession]):
    pass


@strawberry.type
class CalibrationQuery:
    @strawberry.field(
        description=(
            "Calibration sessions, newest first, then id: every one for admin and hr, for a "
            "manager those of their part of the organisation. FORBIDDEN for other roles."
        ),
        graphql_type=CalibrationSessionConnection,
    )
    async def calibration_sessions(
        self,
        info: GraphInfo,
        org_unit_id: strawberry.ID | None = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=first_described(
                    calibration.DEFAULT_SESSIONS, calibration.MAX_SESSIONS_PAGE
                )
            ),
        ] = calibration.DEFAULT_SESSIONS,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[model.CalibrationSession]:
        return await calibration.list_sessions(
            info.context.db,
            None if org_unit_id is None else str(org_unit_id),
            or_default(first, calibration.DEFAULT_SESSIONS),
            after,
            principal=info.context.principal,
        )
