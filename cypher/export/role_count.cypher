// How many roles the readiness export covers, as {roles}: the scope of export/readiness_page (critical
// ones only when $critical_only; in org unit $org_unit_id or a unit below it when not null; only roles
// with an assessment or withdrawal at or after $since when not null).
MATCH (r:Role)
WHERE (r.critical OR NOT $critical_only)
  AND ($org_unit_id IS NULL OR
       EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(:OrgUnit {id: $org_unit_id}) })
  AND ($since IS NULL OR EXISTS { (r)<-[:FOR]-(a:ReadinessAssessment) WHERE a.assessedAt >= $since })
RETURN count(r) AS roles
