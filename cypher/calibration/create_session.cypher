// Starts a calibration session for the org unit $org_unit_id: an OPEN CalibrationSession linked
// (s)-[:OF]->(u), stamped with the server clock. Returns {session} (see calibration/get_session), or nothing
// when there is no such org unit.
MATCH (u:OrgUnit {id: $org_unit_id})
CREATE (s:CalibrationSession {
  id: 'cs-' + randomUUID(), name: $name, status: 'OPEN', participants: $participants,
  startedBy: $started_by, startedAt: datetime.truncate('microsecond', datetime.realtime()),
  changeCount: 0
})
CREATE (s)-[:OF]->(u)
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
