"""Abuse limits on GraphQL requests, codes for rejected documents, and 503 for outages.

Each limit is a setting (README "Limits"): operation depth, tokens in the document, aliases, and
the cost (api/cost.py: the most fields the answer may hold, list sizes multiplied through nesting).
Whatever a client sends is answered with a GraphQL error that has a code, never a 500:

- a document over a limit: `BAD_USER_INPUT` (the message names the limit; over the cost, the
  error's `extensions` hold the `cost` and the `maxCost`);
- a document that does not parse: `GRAPHQL_PARSE_FAILED`; one that does not validate against the
  schema (unknown field, wrong literal type, ...): `GRAPHQL_VALIDATION_FAILED`;
- variables that do not fit their types (an Int beyond 32 bits, NaN, a string for an enum):
  `BAD_USER_INPUT`.

An operation that hit a Neo4j outage is answered HTTP 503 with one `SERVICE_UNAVAILABLE` error and
`data: null`, so clients and load balancers see the outage rather than a partial answer; one whose
bookmark no server reached in time, 409 with one `BOOKMARK_NOT_READY` error.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    ValidationContext,
)
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_validator
from strawberry.extensions.query_depth_limiter import create_validator as depth_validator
from strawberry.schema.schema import validate_document

from api.cost import CEILING, Coster
from api.middleware import current_request_id
from graph.errors import (
    BookmarkNotReady,
    BookmarkRejected,
    ServiceUnavailable,
    TalentGraphError,
)
from graph.settings import Settings

LIMIT = "BAD_USER_INPUT"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
#: graphql-core's own syntax errors that are limits rather than mistakes.
_LIMIT_SYNTAX = ("Document contains more than", "Document is nested too deeply")


def _coded(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    """`rule` (a limiter that checks the whole document when built) with `code` on its errors.

    Tolerates what strawberry's depth limiter would crash on (an unknown fragment: KeyError; an
    Int literal too long for Python to convert: ValueError): graphql-core's own rules report those
    as validation errors.
    """

    class Coded(rule):  # type: ignore[valid-type,misc]
        def __init__(self, context: ValidationContext) -> None:
            report = context.report_error

            def coded(error: GraphQLError) -> None:
                error.extensions = {**(error.extensions or {}), "code": code}
                report(error)

            context.report_error = coded  # type: ignore[method-assign]
            try:
                super().__init__(context)
            except (KeyError, RecursionError, ValueError):
                ASTValidationRule.__init__(self, context)
            finally:
                del context.report_error

    Coded.__name__ = Coded.__qualname__ = f"Coded{rule.__name__}"
    return Coded


class Documents:
    """The limits of one server, and the documents it has already parsed and validated.

    The limits: the deepest field selection (introspection fields are not counted), the most
    aliases (`a: role(id: ...)`, fragments included), the most tokens in a document, and the
    highest cost of an operation that is run. The validation rules are built once, so validating
    a document gives the same answer every time; the parsed document, its validation errors and
    its cost (unless a variable sizes a list) are then kept by query text (least recently used
    first out, `size` of each), and a client repeating a query skips those steps, which cost more
    than a small query's database work. A document that fails to parse is never kept.
    """

    def __init__(
        self,
        max_depth: int,
        max_tokens: int,
        max_aliases: int,
        max_cost: int = 50_000,
        size: int = 512,
    ) -> None:
        self.max_tokens = max_tokens
        self.max_cost = max_cost
        self.rules: tuple[type[ASTValidationRule], ...] = (
            _coded(depth_validator(max_depth, None), LIMIT),
            _coded(alias_validator(max_aliases), LIMIT),
        )
        self.size = size
        self._parsed: OrderedDict[str, DocumentNode] = OrderedDict()
        self._errors: OrderedDict[str, list[GraphQLError]] = OrderedDict()
        self._costs: OrderedDict[tuple[str, str | None], int] = OrderedDict()
        self._lock = threading.Lock()  # uvicorn serves on one loop, but a schema may be shared

    def _get(self, cache: OrderedDict[Any, Any], key: Any) -> Any:
        with self._lock:
            found = cache.get(key)
            if found is not None:
                cache.move_to_end(key)
            return found

    def _put(self, cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
        with self._lock:
            cache[key] = value
            cache.move_to_end(key)
            while len(cache) > self.size:
                cache.popitem(last=False)

    def parsed(self, query: str) -> DocumentNode | None:
        found: DocumentNode | None = self._get(self._parsed, query)
        return found

    def keep_parsed(self, query: str, document: DocumentNode) -> None:
        self._put(self._parsed, query, document)

    def validation_errors(self, query: str) -> list[GraphQLError] | None:
        found: list[GraphQLError] | None = self._get(self._errors, query)
        return None if found is None else list(found)

    def keep_validation_errors(self, query: str, errors: list[GraphQLError]) -> None:
        self._put(self._errors, query, list(errors))

    def cost(
        self,
        schema: GraphQLSchema,
        query: str,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any] | None,
    ) -> int:
        """The cost of the operation (api/cost.py) with these variables; kept by query text and
        operation name when no variable sizes a list."""
        key = (query, operation_name)
        found: int | None = self._get(self._costs, key)
        if found is not None:
            return found
        coster = Coster(schema, document, variables)
        try:
            cost = coster.cost(operation_name)
        except RecursionError:  # fragments spread inside fragments hundreds deep
            cost = CEILING
        if not coster.used_variables:
            self._put(self._costs, key, cost)
        return cost

    def over_cost(self, cost: int) -> GraphQLError:
        most = "at least " if cost >= CEILING else ""
        return GraphQLError(
            f"the query may return {most}{cost:,} fields, over the cost limit of "
            f"{self.max_cost:,}: every list multiplies what is selected below it by its `first` "
            "(or its usual size, for lists without one; README, Limits). Ask for smaller pages "
            "or fewer nested lists, or split the query",
            extensions={"code": LIMIT, "cost": cost, "maxCost": self.max_cost},
        )


class Limits(SchemaExtension):
    """Applies `Documents`' limits to an operation, reusing its parsed and validated documents."""

    def __init__(self, documents: Documents) -> None:
        self.documents = documents

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.documents.max_tokens
        context.validation_rules = context.validation_rules + self.documents.rules
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query and context.graphql_document is None:
            context.graphql_document = self.documents.parsed(query)
        yield
        if query and context.graphql_document is not None:
            self.documents.keep_parsed(query, context.graphql_document)

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query and context.graphql_document is not None and context.pre_execution_errors is None:
            errors = self.documents.validation_errors(query)
            if errors is None:
                errors = validate_document(
                    context.schema._schema, context.graphql_document, context.validation_rules
                )
                self.documents.keep_validation_errors(query, errors)
            if not errors:
                cost = self.documents.cost(
                    context.schema._schema,
                    query,
                    context.graphql_document,
                    context.operation_name,
                    context.variables,
                )
                if cost > self.documents.max_cost:
                    errors = [self.documents.over_cost(cost)]
            context.pre_execution_errors = errors
        yield


def _has_code(error: GraphQLError) -> bool:
    return bool(error.extensions and "code" in error.extensions)


class ErrorCodes(SchemaExtension):
    """Gives every error that reached the client without a code one (see the module)."""

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            if not _has_code(error):
                error.extensions = {**(error.extensions or {}), "code": VALIDATION_FAILED}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            if _has_code(error):
                continue
            if isinstance(error, GraphQLSyntaxError):
                limit = any(text in error.message for text in _LIMIT_SYNTAX)
                code = LIMIT if limit else PARSE_FAILED
            elif error.path is None:
                code = LIMIT  # variable values that do not fit their types
            else:
                continue
            error.extensions = {**(error.extensions or {}), "code": code}


#: Errors about the request as a whole rather than one field, with the HTTP status and
#: Retry-After they are answered with, most important first.
_WHOLE_REQUEST: tuple[tuple[type[TalentGraphError], int, str | None], ...] = (
    (ServiceUnavailable, 503, "5"),
    (BookmarkRejected, 400, None),
    (BookmarkNotReady, 409, "1"),
)


def _cause(error: GraphQLError) -> BaseException | None:
    cause: BaseException | None = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error or cause.__cause__
    return cause


def _whole_request_error(
    causes: list[BaseException | None],
) -> tuple[TalentGraphError, int, str | None] | None:
    for kind, status, retry_after in _WHOLE_REQUEST:
        for cause in causes:
            if isinstance(cause, kind):
                return cause, status, retry_after
    return None


class WholeRequestErrors(SchemaExtension):
    """An operation that met a Neo4j outage (HTTP 503), a bookmark Neo4j refused (400) or one no
    server reached in time (409): `data: null` and that one error, so clients and load
    balancers see what happened to the request rather than a partial answer."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None) or []
        if result is None or not errors:
            return
        whole = _whole_request_error([_cause(e) for e in errors])
        if whole is None:
            return
        found, status, retry_after = whole
        response = getattr(self.execution_context.context, "response", None)
        if response is not None:
            response.status_code = status
            if retry_after:
                response.headers["Retry-After"] = retry_after
        extensions: dict[str, Any] = {"code": found.code}
        if request_id := current_request_id():
            extensions["requestId"] = request_id
        result.data = None
        result.errors = [GraphQLError(found.message, extensions=extensions)]


def graphql_extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The schema extensions that enforce the limits in `settings` (one instance per request)."""
    documents = Documents(
        settings.api_max_query_depth,
        settings.api_max_query_tokens,
        settings.api_max_aliases,
        settings.api_max_query_cost,
    )
    return [
        functools.partial(Limits, documents),
        ErrorCodes,
        WholeRequestErrors,
    ]
