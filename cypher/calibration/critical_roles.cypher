// The ids of the critical roles in the org unit $org_unit_id and the units below it, by id: {ids}.
MATCH (u:OrgUnit {id: $org_unit_id})
RETURN COLLECT {
  MATCH (r:Role)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u)
  WHERE r.critical
  RETURN DISTINCT r.id ORDER BY r.id
} AS ids
