// Calibration sessions of the org units $org_unit_ids (every session when null), newest first (startedAt desc,
// then id desc), at most $first, as {session} (see calibration/get_session).
MATCH (s:CalibrationSession)-[:OF]->(u:OrgUnit)
WHERE $org_unit_ids IS NULL OR u.id IN $org_unit_ids
WITH s, u
ORDER BY s.startedAt DESC, s.id DESC
LIMIT $first
RETURN s {
  .id, .name, .status, .participants, .startedBy, .startedAt, .closedBy, .closedAt, .changeCount,
  .notDiscussed, .closingNote, orgUnitId: u.id, orgUnitName: u.name
} AS session
