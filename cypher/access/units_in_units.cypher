// Whether the org unit $org_unit_id is one of the org units of the active employee $employee_id (a unit of
// a role they hold, or a unit below one), as {inside}.
RETURN EXISTS {
  MATCH (m:Employee {id: $employee_id})-[:HOLDS]->(:Role)-[:IN_UNIT]->(:OrgUnit)<-[:PART_OF*0..]-(:OrgUnit {id: $org_unit_id})
  WHERE m.active
} AS inside
