// One page of the readiness export: the first $first roles with id > $after, by id, in scope (critical
// ones only when $critical_only; in org unit $org_unit_id or a unit below it when not null; only roles
// with an assessment or withdrawal at or after $since when not null), as one record {roles, people}
// (one record, not one per role: the async driver spends far more on a record than on its values).
// roles: a map per role, by id: {role_id, role_title, critical, org_unit [id, name], incumbents [[id,
// riskOfLoss, impactOfLoss]] (active, by id), nominees [[id, readiness, assessedAt, assessedBy, n]]
// (active, not holding the role, with a current READY_FOR it; n = their READY_FOR edges to roles they do
// not hold; assessedAt as [epoch seconds, nanosecond, offset seconds]: the driver's DateTime values are
// slow to build), requirements [[skill id, skill name, level, weight]] as stored, tasks and occupational
// (as exposure/of_roles), shortlist_version, complete (the shortlist holds every eligible candidate),
// assessed (ids ever assessed for the role: a current READY_FOR or any history entry), scan (when $scan >
// 0: the first $scan ids of the role's shortlist not among them)}. people: [id, name, skills [[skill id,
// level]]] of the page's nominees and scanned people, each once. Every figure: graph/scoring.
MATCH (r:Role)
WHERE r.id > $after AND (r.critical OR NOT $critical_only)
  AND ($org_unit_id IS NULL OR
       EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(:OrgUnit {id: $org_unit_id}) })
  AND ($since IS NULL OR EXISTS { (r)<-[:FOR]-(a:ReadinessAssessment) WHERE a.assessedAt >= $since })
WITH r
ORDER BY r.id
LIMIT $first
WITH r, COLLECT { MATCH (r)<-[:READY_FOR]-(x:Employee) RETURN x.id
                  UNION
                  MATCH (r)<-[:FOR]-(:ReadinessAssessment)-[:OF]->(x:Employee) RETURN x.id } AS assessed
WITH collect({
  role_id: r.id, role_title: r.title, critical: r.critical,
  org_unit: head(COLLECT { MATCH (r)-[:IN_UNIT]->(u:OrgUnit) RETURN [u.id, u.name] }),
  incumbents: COLLECT {
    MATCH (i:Employee)-[:HOLDS]->(r)
    WHERE i.active
    RETURN [i.id, i.riskOfLoss, i.impactOfLoss]
    ORDER BY i.id
  },
  nominees: COLLECT {
    MATCH (s:Employee)-[rf:READY_FOR]->(r)
    WHERE s.active AND NOT EXISTS { (s)-[:HOLDS]->(r) }
    RETURN [s.id, rf.readiness,
            [rf.assessedAt.epochSeconds, rf.assessedAt.nanosecond, rf.assessedAt.offsetSeconds],
            rf.assessedBy,
            COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } }]
  },
  requirements: [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]],
  tasks: [(r)-[p:PERFORMS]->(k:Task) | [k.id, p.weight, k.exposure]],
  occupational: [(r)-[:MAPS_TO]->(o:Occupation) | o[$occupation_property]],
  shortlist_version: r.shortlistVersion, complete: coalesce(r.shortlistComplete, false),
  assessed: assessed,
  scan: CASE WHEN $scan > 0 THEN [id IN coalesce(r.shortlistIds, []) WHERE NOT id IN assessed][..$scan]
             ELSE [] END
}) AS roles
CALL (roles) {
  UNWIND roles AS role
  UNWIND [nominee IN role.nominees | nominee[0]] + role.scan AS id
  WITH DISTINCT id
  MATCH (e:Employee {id: id})
  RETURN collect([e.id, e.name, [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]]) AS people
}
RETURN roles, people
