// Sets the current READY_FOR of the pair (one edge per pair: MERGE under the employee's lock) and appends an
// ASSESSED entry to the history, linked (a)-[:OF]->(e) and (a)-[:FOR]->(r), stamped with the server clock
// (microseconds) after the lock was taken. Returns the entry as {assessment {id, kind, employeeId, roleId,
// readiness, previousReadiness, assessedBy, assessedAt, note}}.
MATCH (e:Employee {id: $employee_id})
MATCH (r:Role {id: $role_id})
WITH e, r, datetime.truncate('microsecond', datetime.realtime()) AS now
MERGE (e)-[rf:READY_FOR]->(r)
SET rf.readiness = $readiness, rf.assessedBy = $assessed_by, rf.assessedAt = now, rf.note = $note
CREATE (a:ReadinessAssessment {
  id: 'ra-' + randomUUID(), kind: 'ASSESSED', source: 'api', readiness: $readiness,
  previousReadiness: $previous_readiness, assessedBy: $assessed_by, assessedAt: now, note: $note
})
CREATE (a)-[:OF]->(e)
CREATE (a)-[:FOR]->(r)
RETURN a {
  .id, .kind, employeeId: e.id, roleId: r.id, .readiness, .previousReadiness, .assessedBy,
  .assessedAt, .note
} AS assessment
