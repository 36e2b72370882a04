// The ids among $ids of roles in one of the org units $unit_ids (a manager's units: access/manager_units),
// as {id}.
UNWIND $ids AS id
MATCH (r:Role {id: id})-[:IN_UNIT]->(u:OrgUnit)
WHERE u.id IN $unit_ids
RETURN DISTINCT r.id AS id
