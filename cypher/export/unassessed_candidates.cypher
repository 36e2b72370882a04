// The best $candidates succession candidates of each role in $role_ids that have never been assessed
// for it (no current READY_FOR, no history), scoring only the first $scan such people of the role's
// shortlist (graph/fit_index.py, best first; use for roles whose shortlist is fresh), with the fit
// expression of succession/list_candidates. Returns {role_id, employee {id, name}, fit, gapCount,
// topGaps, found}, found = how many were scored, by role id, then fit desc, then employee id.
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})
CALL (r) {
  MATCH (r)-[req:REQUIRES]->(:Skill)
  RETURN sum(req.weight * req.level) AS total
}
WITH r, total
WHERE total > 0
CALL (r, total) {
  WITH r, total,
       COLLECT { MATCH (r)<-[:READY_FOR]-(x:Employee) RETURN x.id } +
       COLLECT { MATCH (r)<-[:FOR]-(:ReadinessAssessment)-[:OF]->(x:Employee) RETURN x.id } AS assessed
  UNWIND [id IN r.shortlistIds WHERE NOT id IN assessed][..$scan] AS shortlisted
  MATCH (e:Employee {id: shortlisted})
  MATCH (r)-[req:REQUIRES]->(s:Skill)<-[h:HAS_SKILL]-(e)
  WHERE h.level > 0 AND e.active AND NOT EXISTS { (e)-[:HOLDS]->(r) }
  WITH e, sum(req.weight * CASE WHEN h.level < req.level THEN h.level ELSE req.level END) AS covered
  WITH e, round(toFloat(covered) / total, 12) AS fit
  ORDER BY fit DESC, e.id ASC
  WITH collect({e: e, fit: fit}) AS scored
  UNWIND scored[..$candidates] AS best
  RETURN best.e AS e, best.fit AS fit, size(scored) AS found
}
CALL (r, e) {
  MATCH (r)-[req:REQUIRES]->(s:Skill)
  OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
  WITH s, req, coalesce(h.level, 0.0) AS have
  WHERE have < req.level
  WITH s, req.weight * (req.level - have) AS size
  ORDER BY size DESC, s.id
  RETURN count(s) AS gapCount, collect(s.name)[..$top_gaps] AS topGaps
}
RETURN r.id AS role_id, e {.id, .name} AS employee, fit, gapCount, topGaps, found
ORDER BY role_id, fit DESC, e.id
