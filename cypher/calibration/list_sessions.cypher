// Calibration sessions of the org units $org_unit_ids (every session when null), newest first (startedAt desc,
// then id), every one (the service pages them), as {session} (see calibration/get_session).
MATCH (s:CalibrationSession)-[:OF]->(u:OrgUnit)
WHERE $org_unit_ids IS NULL OR u.id IN $org_unit_ids
WITH s, u
ORDER BY s.startedAt DESC, s.id
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
