"""GraphQL for the audit trail: `auditLog`, for admins only (graph/services/audit.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from api.graphql_schema import GraphInfo
from api.graphql_succession import PageInfo
from graph import models
from graph.services import audit

AuditOutcome = strawberry.enum(
    models.AuditOutcome, description="SUCCESS, or FAILURE (then `code` says why)."
)


@strawberry.type(description="One audited action: who did what, when, and how it ended.")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor: str = strawberry.field(description="The caller's token subject (`sub`).")
    action: str = strawberry.field(
        description=(
            "assessReadiness, withdrawNomination, export.readiness, import.csv, import.demo, "
            "import.onet, import.role-tasks, import.link-occupations or "
            "import.occupation-requirements."
        )
    )
    target: str | None = strawberry.field(description="What it acted on.")
    outcome: AuditOutcome  # type: ignore[valid-type]
    code: str | None = strawberry.field(description="The error code of a failure.")
    detail: str | None = strawberry.field(
        description="JSON: the caller's roles and what the action did (rows, filters, ...)."
    )

    @classmethod
    def from_model(cls, e: models.AuditEvent) -> AuditEvent:
        return cls(
            id=strawberry.ID(e.id),
            at=e.at,
            actor=e.actor,
            action=e.action,
            target=e.target,
            outcome=e.outcome,
            code=e.code,
            detail=e.detail,
        )


@strawberry.type(description="A page of the audit log, newest first.")
class AuditEventConnection:
    items: list[AuditEvent]
    page_info: PageInfo


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description=(
            "Audit events at or after `since` (all when omitted), newest first. Admin only: "
            "FORBIDDEN for every other role."
        )
    )
    async def audit_log(
        self,
        info: GraphInfo,
        since: datetime | None = None,
        first: Annotated[
            int | None, strawberry.argument(description="1 to 500 items per page.")
        ] = 50,
        after: Annotated[
            str | None, strawberry.argument(description="pageInfo.endCursor of the last page.")
        ] = None,
    ) -> AuditEventConnection:
        page = await audit.audit_log(
            info.context.db,
            since,
            50 if first is None else first,
            after,
            principal=info.context.principal,
        )
        return AuditEventConnection(
            items=[AuditEvent.from_model(e) for e in page.items],
            page_info=PageInfo(end_cursor=page.end_cursor, has_next_page=page.has_next_page),
        )
