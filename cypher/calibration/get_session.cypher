// One calibration session by id, as {session {id, name, status, participants, startedBy, startedAt, closedBy,
// closedAt, changeCount, notDiscussed, closingNote, orgUnitId, orgUnitName}}, or nothing.
MATCH (s:CalibrationSession {id: $session_id})-[:OF]->(u:OrgUnit)
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
