// One vacancy-chain step (DESIGN §4): the best acceptable nominated successor of the role — active, not
// holding the role, current READY_FOR it of READY_NOW or READY_1_2_YEARS (3–5 years is too far off to fill
// a vacancy) — who is not among $exclude_ids and holds none of $exclude_role_ids; by readiness (now first),
// fit desc, id. Returns {employee (the whole profile, as employees/get_many gives it), readiness, fit,
// vacates (the role they hold with the highest grade, then lowest id, as roles/get_many gives it; null when
// they hold none)}, or nothing when there is no acceptable successor.
MATCH (r:Role {id: $role_id})<-[rf:READY_FOR]-(e:Employee)
WHERE e.active AND rf.readiness IN ['READY_NOW', 'READY_1_2_YEARS'] AND NOT e.id IN $exclude_ids
  AND NOT EXISTS { (e)-[:HOLDS]->(h:Role) WHERE h = r OR h.id IN $exclude_role_ids }
CALL (r, e) {
  // What they have, read once from their side (a few edges), not per requirement from the skill's.
  WITH r, COLLECT { MATCH (e)-[h:HAS_SKILL]->(k:Skill) RETURN [k.id, h.level] } AS held
  OPTIONAL MATCH (r)-[req:REQUIRES]->(s:Skill)
  WITH req, coalesce(head([x IN held WHERE x[0] = s.id | x[1]]), 0.0) AS have
  WITH sum(req.weight * req.level) AS total,
       sum(req.weight * CASE WHEN have < req.level THEN have ELSE req.level END) AS covered
  RETURN CASE WHEN total > 0 THEN round(toFloat(covered) / total, 12) ELSE 0.0 END AS fit
}
WITH e, rf, fit
ORDER BY CASE rf.readiness WHEN 'READY_NOW' THEN 0 ELSE 1 END, fit DESC, e.id
LIMIT 1
CALL (e) {
  OPTIONAL MATCH (e)-[:HOLDS]->(held:Role)
  WITH held
  ORDER BY held.grade DESC, held.id
  LIMIT 1
  RETURN CASE WHEN held IS NOT NULL THEN held {.id, .title, .grade, .critical, .occupationCode} END AS vacates
}
RETURN e {
         .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
         .riskOfLoss, .impactOfLoss, .willingToRelocate
       } AS employee, rf.readiness AS readiness, fit, vacates
