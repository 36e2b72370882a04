// The changes of the calibration session $session_id with a number above $after_seq, in order (seq asc), at
// most $first: {change {id, seq, sessionId, kind, by, at, employeeId, roleId, before, after, version, note,
// actionWhat, actionOwner, actionDue, undoes, undoneBy}}.
MATCH (:CalibrationSession {id: $session_id})-[:MADE]->(c:CalibrationChange)
WHERE c.seq > $after_seq
WITH c
ORDER BY c.seq
LIMIT $first
RETURN c {
  .id, .seq, .sessionId, .kind, .by, .at, .employeeId, .roleId, .before, .after, .version, .note,
  .actionWhat, .actionOwner, .actionDue, .undoes, .undoneBy
} AS change
