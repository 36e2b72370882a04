// Every role of the organisation with its org unit, as one record {rows: [[id, title, grade, critical,
// unit_id], ...]}: one record with a list, because a result of thousands of small records costs the driver
// far more per record than the values themselves (graph/repositories/workforce.py unpacks it).
MATCH (r:Role)-[:IN_UNIT]->(unit:OrgUnit)
RETURN collect([r.id, r.title, r.grade, coalesce(r.critical, false), unit.id]) AS rows
