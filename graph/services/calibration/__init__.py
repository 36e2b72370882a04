"""Calibration sessions (issue 17): the review meeting edits readiness, the 9-box and actions in
place, through the same writes and the same rulebook as the API.

`sessions` starts, joins, reads, lists and closes sessions; `changes` makes the edits (each one
numbered, versioned, audited, and undoable by its author); `summary` says what a session changed;
`live` wakes the open pages of a session when it changes.
"""

from graph.services.calibration.board import SessionBoard, session_board
from graph.services.calibration.changes import (
    add_action,
    mark_discussed,
    rate,
    set_readiness,
    undo_last,
    withdraw,
)
from graph.services.calibration.live import wait_for_change
from graph.services.calibration.sessions import (
    DEFAULT_SESSIONS,
    MAX_SESSIONS_PAGE,
    close_session,
    get_session,
    join_session,
    list_sessions,
    session_changes,
    start_session,
)
from graph.services.calibration.summary import (
    SessionSummary,
    session_summary,
    summary_csv,
    summary_rows,
)

__all__ = [
    "DEFAULT_SESSIONS",
    "MAX_SESSIONS_PAGE",
    "SessionBoard",
    "SessionSummary",
    "add_action",
    "close_session",
    "get_session",
    "join_session",
    "list_sessions",
    "mark_discussed",
    "rate",
    "session_board",
    "session_changes",
    "session_summary",
    "set_readiness",
    "start_session",
    "summary_csv",
    "summary_rows",
    "undo_last",
    "wait_for_change",
    "withdraw",
]
