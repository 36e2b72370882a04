// Takes a write lock on the calibration session $session_id (a property set and removed again), so that the
// changes of one session are numbered one after another; returns {session} as calibration/get_session, or
// nothing when there is no such session.
MATCH (s:CalibrationSession {id: $session_id})-[:OF]->(u:OrgUnit)
SET s._lock = true
REMOVE s._lock
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
