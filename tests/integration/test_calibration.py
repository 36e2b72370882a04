"""Calibration sessions (issue 17) against a real Neo4j: start, join, versioned edits of readiness
and the 9-box through the readiness service and the rating history, conflicts, undo, actions,
close and the summary; and the rulebook's limits for managers."""

from __future__ import annotations

from datetime import date

import pytest

from graph.auth import AccessRole, Principal
from graph.calibration import ChangeKind, SessionStatus
from graph.db import Database
from graph.errors import BadUserInput, Conflict, Forbidden
from graph.models import Rating, Readiness
from graph.services import calibration, succession
from tests.support.factories import audit_events
from tests.support.orgs import review_org

HR = Principal("hr@example.com", frozenset({AccessRole.HR}))
BOSS = Principal("boss@example.com", frozenset({AccessRole.MANAGER}), employee_id="boss")
OPS = Principal("ops@example.com", frozenset({AccessRole.MANAGER}), employee_id="ops1")
EMPLOYEE = Principal("eu2@example.com", frozenset({AccessRole.EMPLOYEE}), employee_id="eu2")


async def _readiness(db: Database, employee_id: str, role_id: str) -> str | None:
    slate = await succession.successors(db, role_id, principal=HR)
    return next((s.readiness.value for s in slate if s.employee.id == employee_id), None)


async def _cell(db: Database, employee_id: str) -> tuple[str, str] | None:
    for cell in await succession.nine_box(db, "SALES", principal=HR):
        if any(e.id == employee_id for e in cell.employees):
            return cell.performance.value, cell.potential.value
    return None


async def _history(db: Database, label: str) -> int:
    async with db.driver.session(database=db.database) as session:
        result = await session.run(f"MATCH (n:{label}) RETURN count(n) AS n")
        record = await result.single()
        assert record is not None
        return int(record["n"])


async def test_a_session_edits_readiness_and_ratings_with_versions(db: Database) -> None:
    await review_org().save(db)
    session = await calibration.start_session(
        db, "SALES", "Q4 2026 talent review — Sales", ["boss@example.com"], principal=HR
    )
    assert session.status is SessionStatus.OPEN
    assert session.participants == ("hr@example.com", "boss@example.com")
    joined = await calibration.join_session(db, session.id, principal=BOSS)
    assert "boss@example.com" in joined.participants

    # hr nominates the hidden candidate; the card's figures follow at once
    before = await _history(db, "ReadinessAssessment")
    first = await calibration.set_readiness(
        db, session.id, "hid", "HEAD", Readiness.READY_3_5_YEARS, 0, "strong", principal=HR
    )
    assert (first.kind, first.before, first.after, first.version, first.seq) == (
        ChangeKind.NOMINATE,
        None,
        "READY_3_5_YEARS",
        1,
        1,
    )
    assert await _readiness(db, "hid", "HEAD") == "READY_3_5_YEARS"
    assert await _history(db, "ReadinessAssessment") == before + 1

    # the manager edits with the version they saw: stale is a conflict showing the current value
    with pytest.raises(Conflict) as stale:
        await calibration.set_readiness(
            db, session.id, "hid", "HEAD", Readiness.READY_NOW, 0, principal=BOSS
        )
    assert stale.value.details == {"current": "READY_3_5_YEARS", "version": 1}
    assert await _readiness(db, "hid", "HEAD") == "READY_3_5_YEARS"
    second = await calibration.set_readiness(
        db, session.id, "hid", "HEAD", Readiness.READY_1_2_YEARS, 1, principal=BOSS
    )
    assert (second.kind, second.before, second.after, second.by) == (
        ChangeKind.READINESS,
        "READY_3_5_YEARS",
        "READY_1_2_YEARS",
        "boss@example.com",
    )

    # the 9-box: a move with a rating history, versioned per person
    move = await calibration.rate(
        db, session.id, "eu2", Rating.HIGH, Rating.HIGH, 0, "ready to stretch", principal=HR
    )
    assert (move.kind, move.before, move.after) == (ChangeKind.RATE, "HIGH/MODERATE", "HIGH/HIGH")
    assert await _cell(db, "eu2") == ("HIGH", "HIGH")
    assert await _history(db, "RatingAssessment") == 1
    with pytest.raises(Conflict) as moved:
        await calibration.rate(db, session.id, "eu2", Rating.LOW, Rating.LOW, 0, principal=BOSS)
    assert moved.value.details == {"current": "HIGH/HIGH", "version": 1}

    # a nomination without a version expects nobody nominated: eu1 is, so it is a conflict
    with pytest.raises(Conflict) as nominated:
        await calibration.set_readiness(
            db, session.id, "eu1", "HEAD", Readiness.READY_NOW, None, principal=BOSS
        )
    assert nominated.value.details == {"current": "READY_1_2_YEARS", "version": 1}

    # withdraw, then undo: the nomination is back, in the history too
    out = await calibration.withdraw(db, session.id, "eu1", "HEAD", 1, principal=BOSS)
    assert (out.kind, out.before, out.after) == (ChangeKind.WITHDRAW, "READY_1_2_YEARS", None)
    assert await _readiness(db, "eu1", "HEAD") is None
    back = await calibration.undo_last(db, session.id, principal=BOSS)
    assert (back.kind, back.undoes, back.after) == (ChangeKind.UNDO, out.id, "READY_1_2_YEARS")
    assert await _readiness(db, "eu1", "HEAD") == "READY_1_2_YEARS"

    # hr undoes their move on the 9-box; then their nomination, which boss changed since
    await calibration.undo_last(db, session.id, principal=HR)
    assert await _cell(db, "eu2") == ("HIGH", "MODERATE")
    assert await _history(db, "RatingAssessment") == 2
    with pytest.raises(Conflict) as changed:
        await calibration.undo_last(db, session.id, principal=HR)
    assert changed.value.details == {"current": "READY_1_2_YEARS", "version": 2}

    # marks and actions; then close
    await calibration.mark_discussed(db, session.id, "HEAD", principal=BOSS)
    action = await calibration.add_action(
        db,
        session.id,
        "Mentoring plan with Bea",
        "boss@example.com",
        date(2027, 1, 31),
        employee_id="hid",
        principal=BOSS,
    )
    assert action.action_due == date(2027, 1, 31)
    await calibration.add_action(
        db, session.id, "Drop me", "hr", date(2027, 1, 1), role_id="EU", principal=HR
    )
    await calibration.undo_last(db, session.id, principal=HR)
    with pytest.raises(Forbidden):
        await calibration.close_session(db, session.id, principal=BOSS)
    closed = await calibration.close_session(db, session.id, "good meeting", principal=HR)
    assert closed.status is SessionStatus.CLOSED and closed.not_discussed == ["EU"]
    with pytest.raises(BadUserInput):
        await calibration.mark_discussed(db, session.id, "EU", principal=HR)

    summary = await calibration.session_summary(db, session.id, principal=HR)
    assert [c.seq for c in summary.changes] == list(range(1, 11))
    assert [a.action_what for a in summary.actions] == ["Mentoring plan with Bea"]
    assert summary.not_discussed == ["EU"] and summary.discussed == ["HEAD"]
    net = {(n.kind, n.employee_id, n.role_id): (n.before, n.after) for n in summary.net}
    assert net[("readiness", "hid", "HEAD")] == (None, "READY_1_2_YEARS")
    assert net[("readiness", "eu1", "HEAD")] == ("READY_1_2_YEARS", "READY_1_2_YEARS")
    assert net[("rating", "eu2", None)] == ("HIGH/MODERATE", "HIGH/MODERATE")
    rows = calibration.summary_rows(summary)
    assert len(rows) == 10 and rows[0]["employee_name"] == "Hana <Hidden>"

    listed = await calibration.list_sessions(db, principal=BOSS)
    assert [s.id for s in listed.items] == [session.id] and listed.total_count == 1
    assert (await calibration.list_sessions(db, principal=OPS)).items == []

    actions = [e["action"] for e in await audit_events(db) if e["outcome"] == "SUCCESS"]
    assert actions.count("calibrationChange") == 10
    assert {"startCalibrationSession", "joinCalibrationSession", "closeCalibrationSession"} <= set(
        actions
    )
    assert "assessReadiness" in actions and "rateEmployee" in actions


async def test_managers_edit_only_their_scope(db: Database) -> None:
    await review_org().save(db)
    session = await calibration.start_session(db, "SALES", "Sales review", principal=HR)
    with pytest.raises(Forbidden):
        await calibration.start_session(db, "SALES", "mine", principal=BOSS)
    with pytest.raises(Forbidden):
        await calibration.join_session(db, session.id, principal=OPS)
    with pytest.raises(Forbidden):
        await calibration.join_session(db, session.id, principal=EMPLOYEE)
    # not joined yet
    with pytest.raises(Forbidden):
        await calibration.mark_discussed(db, session.id, "HEAD", principal=BOSS)
    await calibration.join_session(db, session.id, principal=BOSS)
    # boss's own ratings, and a person outside their subtree: refused, nothing written
    with pytest.raises(Forbidden):
        await calibration.rate(db, session.id, "boss", Rating.LOW, Rating.LOW, 0, principal=BOSS)
    with pytest.raises(Forbidden):
        await calibration.set_readiness(
            db, session.id, "ops1", "HEAD", Readiness.READY_NOW, 0, principal=BOSS
        )
    # a role outside the session's unit
    with pytest.raises(BadUserInput):
        await calibration.set_readiness(
            db, session.id, "hid", "OPS", Readiness.READY_NOW, 0, principal=HR
        )
    # a rating hidden from the manager is withheld in the changes they read
    ops_session = await calibration.start_session(db, "ROOT", "Everyone", principal=HR)
    await calibration.rate(db, ops_session.id, "ops1", Rating.HIGH, Rating.HIGH, 0, principal=HR)
    await calibration.join_session(db, ops_session.id, principal=BOSS)
    _, seen = await calibration.session_changes(db, ops_session.id, principal=BOSS)
    assert [(c.before, c.after, c.withheld) for c in seen] == [(None, None, True)]
    _, seen = await calibration.session_changes(db, ops_session.id, principal=HR)
    assert [(c.before, c.after, c.withheld) for c in seen] == [("LOW/MODERATE", "HIGH/HIGH", False)]
    with pytest.raises(BadUserInput):
        await calibration.undo_last(db, session.id, principal=BOSS)
