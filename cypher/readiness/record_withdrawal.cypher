// Deletes the current READY_FOR of the pair and appends a WITHDRAWN entry (readiness null, previousReadiness
// the withdrawn one) to the history. Returns {assessment {id, kind, employeeId, roleId, readiness,
// previousReadiness, assessedBy, assessedAt, note}}, or nothing when the pair has no current READY_FOR.
MATCH (e:Employee {id: $employee_id})-[rf:READY_FOR]->(r:Role {id: $role_id})
WITH e, r, collect(rf) AS edges, datetime.truncate('microsecond', datetime.realtime()) AS now
WITH e, r, edges, now, edges[0].readiness AS previous
FOREACH (edge IN edges | DELETE edge)
CREATE (a:ReadinessAssessment {
  id: 'ra-' + randomUUID(), kind: 'WITHDRAWN', source: 'api', previousReadiness: previous,
  assessedBy: $assessed_by, assessedAt: now
})
CREATE (a)-[:OF]->(e)
CREATE (a)-[:FOR]->(r)
RETURN a {
  .id, .kind, employeeId: e.id, roleId: r.id, .readiness, .previousReadiness, .assessedBy,
  .assessedAt, .note
} AS assessment
