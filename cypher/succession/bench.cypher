// What the bench (DESIGN §4) of the roles in the org units $org_unit_ids and the units below them (every role
// when null), or of the roles $role_ids when that is not null (critical ones only when $critical_only), is
// worked out from, as one row {roles} (one row is much
// cheaper for the driver than one per role): per role, in no particular order, {role {id, title, grade,
// critical, occupationCode}, incumbents [[id, riskOfLoss, impactOfLoss] of each active incumbent, by id: all
// that key-person risk needs, and much less to send than whole profiles], nominees
// [[readiness, n]]}: per nominated successor (active, not holding the role, with a current READY_FOR it) their
// readiness and n, the number of current READY_FOR edges they have to roles they do not hold. The figures:
// graph/scoring/bench.py.
CALL () {
  MATCH (u:OrgUnit)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(r:Role)
  WHERE $role_ids IS NULL AND u.id IN $org_unit_ids
  RETURN r
  UNION
  MATCH (r:Role)
  WHERE $role_ids IS NULL AND $org_unit_ids IS NULL
  RETURN r
  UNION
  MATCH (r:Role)
  WHERE r.id IN $role_ids
  RETURN r
}
WITH r
WHERE r.critical OR NOT $critical_only
RETURN collect({
  role: r {.id, .title, .grade, .critical, .occupationCode},
  incumbents: COLLECT {
    MATCH (i:Employee)-[:HOLDS]->(r)
    WHERE i.active
    RETURN [i.id, i.riskOfLoss, i.impactOfLoss]
    ORDER BY i.id
  },
  nominees: COLLECT {
    MATCH (s:Employee)-[rf:READY_FOR]->(r)
    WHERE s.active AND NOT EXISTS { (s)-[:HOLDS]->(r) }
    RETURN [rf.readiness, COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } }]
  }
}) AS roles
