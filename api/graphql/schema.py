"""The schema, assembled from one module per feature, and how it reports errors."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.graphql.audit import AuditQuery
from api.graphql.browse import BrowseQuery
from api.graphql.calibration import CalibrationQuery
from api.graphql.exposure import ExposureQuery
from api.graphql.people import PeopleQuery
from api.graphql.readiness import ReadinessMutation, ReadinessQuery
from api.graphql.succession import NineBoxQuery, SuccessionQuery
from api.graphql.workforce import WorkforceQuery
from api.middleware import current_request_id
from graph.errors import TalentGraphError

log = logging.getLogger("talentgraph.graphql")

#: Each feature's root fields, in the order the schema lists them.
QUERIES = (
    PeopleQuery,
    SuccessionQuery,
    ReadinessQuery,
    NineBoxQuery,
    ExposureQuery,
    AuditQuery,
    CalibrationQuery,
    WorkforceQuery,
    BrowseQuery,
)
MUTATIONS = (ReadinessMutation,)


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, TalentGraphError | GraphQLError):
        return False
    if error.extensions and "code" in error.extensions:
        return False  # a refused document: a validation error that caught a value's exception
    log.error(
        "unexpected error in %s (request %s)",
        error.path,
        current_request_id(),
        exc_info=original,
    )
    return True


class MaskUnexpected(MaskErrors):
    """Unexpected errors reach clients as a bare message with a code and the request id (to find
    the trace in the log); the log keeps the trace."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        if request_id := current_request_id():
            masked.extensions["requestId"] = request_id
        return masked


class Schema(strawberry.Schema):
    """Strawberry logs every error of every operation, with a traceback (a NOT_FOUND, a refused
    document); here only unexpected ones are logged, once, with the request id (`_should_mask`)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(extensions: list[Any] | None = None) -> strawberry.Schema:
    return Schema(
        query=merge_types("Query", QUERIES),
        mutation=merge_types("Mutation", MUTATIONS),
        extensions=[lambda: MaskUnexpected(should_mask_error=_should_mask), *(extensions or [])],
    )
