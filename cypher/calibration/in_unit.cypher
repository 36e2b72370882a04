// Whether the role $role_id is in the org unit $org_unit_id or a unit below it, and whether the employee
// $employee_id holds a role there: {role_in_unit, person_in_unit} (false for unknown ids or null).
OPTIONAL MATCH (u:OrgUnit {id: $org_unit_id})
RETURN EXISTS {
         MATCH (:Role {id: $role_id})-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u)
       } AS role_in_unit,
       EXISTS {
         MATCH (:Employee {id: $employee_id})-[:HOLDS]->(:Role)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u)
       } AS person_in_unit
