"""GraphQL for the audit trail: `auditLog`, for admins only (graph/services/audit.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.graphql.context import GraphInfo
from api.graphql.derive import derived, or_default
from api.graphql.pagination import AFTER, CONNECTION, Connection, first_described
from graph import models
from graph.pagination import Page
from graph.services import audit

strawberry.enum(models.AuditOutcome, description="SUCCESS, or FAILURE (then `code` says why).")


@derived(
    models.AuditEvent,
    name="AuditEvent",
    description="One audited action: who did what, when, and how it ended.",
)
class AuditEvent:
    id: strawberry.ID
    at: strawberry.auto
    actor: strawberry.auto
    action: strawberry.auto
    target: strawberry.auto
    outcome: strawberry.auto
    code: strawberry.auto
    detail: strawberry.auto


@strawberry.type(description=CONNECTION)
class AuditEventConnection(Connection[AuditEvent]):
    pass


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description=(
            "Audit events at or after `since` (all when omitted), newest first. Admin only: "
            "FORBIDDEN for every other role."
        ),
        graphql_type=AuditEventConnection,
    )
    async def audit_log(
        self,
        info: GraphInfo,
        since: datetime | None = None,
        first: Annotated[
            int | None,
            strawberry.argument(description=first_described(audit.DEFAULT_PAGE, audit.MAX_PAGE)),
        ] = audit.DEFAULT_PAGE,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> Page[models.AuditEvent]:
        return await audit.audit_log(
            info.context.db,
            since,
            or_default(first, audit.DEFAULT_PAGE),
            after,
            principal=info.context.principal,
        )
