// The best $candidates never-assessed succession candidates of one role, scoring every active
// employee (for a role without a fresh shortlist), with the fit expression of
// succession/list_candidates. Returns {role_id, employee {id, name}, fit, gapCount, topGaps}.
MATCH (r:Role {id: $role_id})
CALL (r) {
  MATCH (r)-[req:REQUIRES]->(:Skill)
  RETURN sum(req.weight * req.level) AS total
}
WITH r, total, COLLECT { MATCH (r)<-[:HOLDS]-(i:Employee) RETURN i } AS incumbents
WHERE total > 0
MATCH (r)-[req:REQUIRES]->(s:Skill)<-[h:HAS_SKILL]-(e:Employee)
WHERE h.level > 0 AND e.active AND NOT e IN incumbents
WITH r, total, e,
     sum(req.weight * CASE WHEN h.level < req.level THEN h.level ELSE req.level END) AS covered
WITH r, e, round(toFloat(covered) / total, 12) AS fit
WHERE NOT EXISTS { (e)-[:READY_FOR]->(r) }
  AND NOT EXISTS { (e)<-[:OF]-(:ReadinessAssessment)-[:FOR]->(r) }
ORDER BY fit DESC, e.id ASC
LIMIT $candidates
CALL (r, e) {
  MATCH (r)-[req:REQUIRES]->(s:Skill)
  OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
  WITH s, req, coalesce(h.level, 0.0) AS have
  WHERE have < req.level
  WITH s, req.weight * (req.level - have) AS size
  ORDER BY size DESC, s.id
  RETURN count(s) AS gapCount, collect(s.name)[..$top_gaps] AS topGaps
}
RETURN r.id AS role_id, e {.id, .name} AS employee, fit, gapCount, topGaps
ORDER BY fit DESC, e.id
