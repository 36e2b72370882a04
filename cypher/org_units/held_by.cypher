// The org units of the roles the active employee $employee_id holds, as {id}, by id (none for an unknown or
// inactive employee): where a manager's part of the organisation starts.
MATCH (e:Employee {id: $employee_id})-[:HOLDS]->(:Role)-[:IN_UNIT]->(u:OrgUnit)
WHERE e.active
RETURN DISTINCT u.id AS id
ORDER BY id
