// The roles the workforce figures cover: those in the org units $org_unit_ids and the units below them
// (every role when null), as {id, title, grade, critical, unit_id}.
CALL () {
  MATCH (u:OrgUnit)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(r:Role)
  WHERE $org_unit_ids IS NOT NULL AND u.id IN $org_unit_ids
  RETURN r
  UNION
  MATCH (r:Role)
  WHERE $org_unit_ids IS NULL
  RETURN r
}
MATCH (r)-[:IN_UNIT]->(unit:OrgUnit)
RETURN r.id AS id, r.title AS title, r.grade AS grade, coalesce(r.critical, false) AS critical,
       unit.id AS unit_id
