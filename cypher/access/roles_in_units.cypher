// The ids among $ids of roles in the org units of the active employee $employee_id: a unit of a role they
// hold, or a unit below one (PART_OF, transitively), as {id}. The units are collected first: one path
// could not use a role's IN_UNIT edge twice, which would leave out the manager's own role.
MATCH (m:Employee {id: $employee_id})
WHERE m.active
WITH COLLECT { MATCH (m)-[:HOLDS]->(:Role)-[:IN_UNIT]->(u:OrgUnit) RETURN DISTINCT u } AS units
UNWIND $ids AS id
MATCH (r:Role {id: id})
WHERE EXISTS { MATCH (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u:OrgUnit) WHERE u IN units }
RETURN DISTINCT r.id AS id
