"""GraphQL for readiness assessments: setting and withdrawing them, and their history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from api.graphql.types import Employee, Role, load_employee, load_role
from graph import models
from graph.errors import Forbidden
from graph.pagination import Page
from graph.services import audit, readiness

strawberry.enum(
    models.AssessmentKind, description="ASSESSED: a readiness was set; WITHDRAWN: it was removed."
)


def _note(parent: strawberry.Parent[models.Assessment], info: GraphInfo) -> str | None:
    if parent.note_withheld:
        raise Forbidden(
            f"the note on {parent.id!r} is visible to admin, hr and the manager chain only"
        )
    if parent.note is not None:
        audit.read(info.context.db, info.context.principal, "notes", [parent.employee_id])
    return parent.note


async def _employee(
    parent: strawberry.Parent[models.Assessment], info: GraphInfo
) -> models.Employee:
    return await load_employee(info, parent.employee_id)


async def _role(parent: strawberry.Parent[models.Assessment], info: GraphInfo) -> models.Role:
    return await load_role(info, parent.role_id)


@derived(
    models.Assessment,
    name="ReadinessAssessment",
    description="An entry of the append-only readiness history.",
)
class ReadinessAssessment:
    id: strawberry.ID
    kind: strawberry.auto
    readiness: strawberry.auto
    previous_readiness: strawberry.auto
    assessed_by: strawberry.auto
    assessed_at: strawberry.auto
    note = strawberry.field(
        resolver=_note,
        description=(
            "The assessor's note. Sensitive: admin, hr and the person's manager chain only "
            "(else null + FORBIDDEN)."
        ),
    )
    employee = strawberry.field(resolver=_employee, graphql_type=Employee)
    role = strawberry.field(resolver=_role, graphql_type=Role)


@strawberry.type(description=CONNECTION)
class ReadinessAssessmentConnection(Connection[ReadinessAssessment]):
    pass


# No model to derive from: the input is the mutation's arguments.
@strawberry.input(description="A readiness assessment of a person for a role.")
class AssessReadinessInput:
    employee_id: strawberry.ID
    role_id: strawberry.ID
    readiness: models.Readiness
    note: str | None = strawberry.field(default=None, description="At most 2,000 characters.")


@strawberry.type
class ReadinessQuery:
    @strawberry.field(
        description=(
            "Every readiness assessment and withdrawal recorded at or after `since`, for roles "
            "in the org unit subtree (all when omitted), newest first. A manager: units in their "
            "org units only (their own units when omitted); notes of people outside their "
            "reporting subtree are null with a FORBIDDEN error."
        ),
        graphql_type=ReadinessAssessmentConnection,
    )
    async def readiness_changes(
        self,
        info: GraphInfo,
        since: datetime,
        org_unit_id: strawberry.ID | None = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=first_described(
                    readiness.DEFAULT_CHANGES_PAGE, readiness.MAX_CHANGES_PAGE
                )
            ),
        ] = readiness.DEFAULT_CHANGES_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.Assessment]:
        return await readiness.readiness_changes(
            info.context.db,
            since,
            None if org_unit_id is None else str(org_unit_id),
            or_default(first, readiness.DEFAULT_CHANGES_PAGE),
            after,
            principal=info.context.principal,
        )


@strawberry.type
class ReadinessMutation:
    @strawberry.mutation(
        description=(
            "Set a person's current readiness for a role and append it to the history, in one "
            "transaction. Not for inactive people or a role the person holds. Admin and hr: "
            "anyone; a manager: people in their reporting subtree. assessedBy is the caller's "
            "token subject."
        ),
        graphql_type=ReadinessAssessment,
    )
    async def assess_readiness(
        self, info: GraphInfo, input: AssessReadinessInput
    ) -> models.Assessment:
        return await readiness.assess_readiness(
            info.context.db,
            str(input.employee_id),
            str(input.role_id),
            input.readiness,
            input.note,
            principal=info.context.principal,
        )

    @strawberry.mutation(
        description=(
            "Remove a person's current readiness for a role, recording the withdrawal. Who may: "
            "as for assessReadiness."
        ),
        graphql_type=ReadinessAssessment,
    )
    async def withdraw_nomination(
        self, info: GraphInfo, employee_id: strawberry.ID, role_id: strawberry.ID
    ) -> models.Assessment:
        return await readiness.withdraw_nomination(
            info.context.db, str(employee_id), str(role_id), principal=info.context.principal
        )
