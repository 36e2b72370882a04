// Every org unit and the unit it is part of (null for a top unit), as one record {rows: [[id, parent_id],
// ...]}: the unit tree the workforce scopes are taken from.
MATCH (u:OrgUnit)
OPTIONAL MATCH (u)-[:PART_OF]->(p:OrgUnit)
RETURN collect([u.id, p.id]) AS rows
