// How many readiness history entries readiness/changes lists for $since and $org_unit_ids (every role when
// null), every page together: the readiness history's totalCount. Returns {total}.
MATCH (a:ReadinessAssessment)
WHERE a.assessedAt >= $since
MATCH (a)-[:FOR]->(r:Role)
WHERE EXISTS { (a)-[:OF]->(:Employee) }
  AND ($org_unit_ids IS NULL
       OR EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(u:OrgUnit) WHERE u.id IN $org_unit_ids })
RETURN count(a) AS total
