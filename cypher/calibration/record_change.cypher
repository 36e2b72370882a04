// Appends a change to the calibration session $session_id (taken under its lock): the next number (seq), the
// server clock, and what changed. $change holds {kind, employeeId, roleId, before, after, version, note,
// actionWhat, actionOwner, actionDue, undoes}; unset keys are null. Returns {change} (calibration/changes).
MATCH (s:CalibrationSession {id: $session_id})
SET s.changeCount = coalesce(s.changeCount, 0) + 1
CREATE (c:CalibrationChange {
  id: 'cc-' + randomUUID(), seq: s.changeCount, sessionId: s.id, kind: $change.kind, by: $by,
  at: datetime.truncate('microsecond', datetime.realtime()), employeeId: $change.employeeId,
  roleId: $change.roleId, before: $change.before, after: $change.after, version: $change.version,
  note: $change.note, actionWhat: $change.actionWhat, actionOwner: $change.actionOwner,
  actionDue: $change.actionDue, undoes: $change.undoes
})
CREATE (s)-[:MADE]->(c)
RETURN c {
  .id, .seq, .sessionId, .kind, .by, .at, .employeeId, .roleId, .before, .after, .version, .note,
  .actionWhat, .actionOwner, .actionDue, .undoes, .undoneBy
} AS change
