// Closes the calibration session $session_id: status CLOSED, who and when, the critical roles of its unit
// that were not discussed ($not_discussed, role ids) and a closing note. Returns {session}
// (calibration/get_session), or nothing when there is no such session.
MATCH (s:CalibrationSession {id: $session_id})-[:OF]->(u:OrgUnit)
SET s.status = 'CLOSED', s.closedBy = $closed_by, s.notDiscussed = $not_discussed,
    s.closingNote = $closing_note, s.closedAt = datetime.truncate('microsecond', datetime.realtime())
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
