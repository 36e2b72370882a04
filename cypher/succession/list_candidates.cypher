// Succession candidates for a role (DESIGN §4): active non-incumbents with fit > 0 and fit >= $min_fit,
// by fit desc then id, at most $first; each with its current readiness and its gaps
// (largest weight x shortfall first), and whether they were ever assessed for it (a current READY_FOR or any
// history entry). Returns {employee (the whole profile, as employees/get_many gives it), fit, readiness, assessedAt,
// assessed, gaps}.
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
WHERE fit >= $min_fit
ORDER BY fit DESC, e.id ASC
LIMIT $first
OPTIONAL MATCH (e)-[rf:READY_FOR]->(r)
CALL (r, e) {
  // What they have, read once from their side (a few edges), not per requirement from the skill's.
  WITH r, COLLECT { MATCH (e)-[h:HAS_SKILL]->(k:Skill) RETURN [k.id, h.level] } AS held
  MATCH (r)-[req:REQUIRES]->(s:Skill)
  WITH s, req, coalesce(head([x IN held WHERE x[0] = s.id | x[1]]), 0.0) AS have
  WHERE have < req.level
  WITH s, req, have, req.level - have AS shortfall
  ORDER BY req.weight * shortfall DESC, s.id
  RETURN collect({skill: s {.id, .name}, required: req.level, have: have, shortfall: shortfall}) AS gaps
}
RETURN e {
         .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
         .riskOfLoss, .impactOfLoss, .willingToRelocate
       } AS employee, fit, rf.readiness AS readiness, rf.assessedAt AS assessedAt,
       rf IS NOT NULL OR EXISTS { (e)<-[:OF]-(:ReadinessAssessment)-[:FOR]->(r) } AS assessed, gaps
ORDER BY fit DESC, e.id ASC
