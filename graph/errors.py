"""One error hierarchy for the whole product; each interface maps a class to its own answer."""

from __future__ import annotations

from typing import Any


class TalentGraphError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    @property
    def extensions(self) -> dict[str, Any]:
        """Read by graphql-core when it wraps the error, so GraphQL errors carry the code."""
        return {"code": self.code, **self.details}


class NotFound(TalentGraphError):
    code = "NOT_FOUND"


class BadUserInput(TalentGraphError):
    code = "BAD_USER_INPUT"


class Forbidden(TalentGraphError):
    code = "FORBIDDEN"


class Unauthenticated(TalentGraphError):
    code = "UNAUTHENTICATED"


class ServiceUnavailable(TalentGraphError):
    code = "SERVICE_UNAVAILABLE"


class Conflict(TalentGraphError):
    code = "CONFLICT"


class QueryTimeout(TalentGraphError):
    """The database stopped a query that ran longer than the configured limit."""

    code = "QUERY_TIMEOUT"


class BookmarkNotReady(TalentGraphError):
    """No Neo4j server reached the write a client's bookmark names within the bookmark wait: a
    lagging server, not an outage; the client may try again."""

    code = "BOOKMARK_NOT_READY"


class BookmarkRejected(BadUserInput):
    """Neo4j refused a bookmark this service signed (one from before a restore, say)."""


class ConfigurationError(RuntimeError):
    """The settings do not allow starting (e.g. auth on without a key); the message says what to set."""


class QueryParameterError(TypeError):
    """A programming error: a query was called with parameters other than those in its file."""


class LocalServerError(RuntimeError):
    """The local Neo4j server could not be set up, started or stopped; the message says why."""
