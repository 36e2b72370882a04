// A manager's org units (DESIGN §6), the one definition every scope check uses: for the active employee
// $employee_id, the units of the roles they hold (held) and those with every unit below them (units), as one
// row {held, units} of ids (both empty for an unknown or inactive employee).
OPTIONAL MATCH (m:Employee {id: $employee_id})-[:HOLDS]->(:Role)-[:IN_UNIT]->(u:OrgUnit)
WHERE m.active
WITH collect(DISTINCT u) AS held
RETURN [u IN held | u.id] AS held,
       COLLECT { UNWIND held AS u MATCH (u)<-[:PART_OF*0..]-(x:OrgUnit) RETURN DISTINCT x.id } AS units
