// Readiness history entries (assessments and withdrawals) at or after $since, for roles in the org units
// $org_unit_ids and the units below them (every role when null), newest first (assessedAt desc, then id desc),
// after the cursor ($after_seconds, $after_nanos, $after_id: the epoch seconds, nanosecond and id of the
// last entry seen; all null for the first page), at most $first.
// previousReadiness: the one recorded at write time for entries written by the API (source 'api'); for
// imported history, the readiness of the pair's prior entry by (assessedAt, id), null when there is none.
// Returns {assessment {id, kind, employeeId, roleId, readiness, previousReadiness, assessedBy, assessedAt,
// note}, seconds, nanos (the cursor's epoch seconds and nanosecond of assessedAt)}.
WITH CASE WHEN $after_id IS NOT NULL
       THEN datetime({epochSeconds: $after_seconds, nanosecond: $after_nanos})
     END AS cutoff
MATCH (a:ReadinessAssessment)
WHERE a.assessedAt >= $since
  AND (cutoff IS NULL OR a.assessedAt < cutoff OR (a.assessedAt = cutoff AND a.id < $after_id))
MATCH (a)-[:OF]->(e:Employee)
MATCH (a)-[:FOR]->(r:Role)
WHERE $org_unit_ids IS NULL
   OR EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u:OrgUnit) WHERE u.id IN $org_unit_ids }
WITH a, e, r
ORDER BY a.assessedAt DESC, a.id DESC
LIMIT $first
CALL (a, e, r) {
  OPTIONAL MATCH (p:ReadinessAssessment)-[:OF]->(e)
  WHERE EXISTS { (p)-[:FOR]->(r) }
    AND (p.assessedAt < a.assessedAt OR (p.assessedAt = a.assessedAt AND p.id < a.id))
  WITH p
  ORDER BY p.assessedAt DESC, p.id DESC
  LIMIT 1
  RETURN p.readiness AS prior
}
RETURN a {
  .id, kind: coalesce(a.kind, 'ASSESSED'), employeeId: e.id, roleId: r.id, .readiness,
  previousReadiness: CASE WHEN a.source = 'api' THEN a.previousReadiness ELSE prior END,
  .assessedBy, .assessedAt, .note
} AS assessment, a.assessedAt.epochSeconds AS seconds, a.assessedAt.nanosecond AS nanos
ORDER BY a.assessedAt DESC, a.id DESC
