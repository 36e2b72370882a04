// The nominated successors (slate) of a role (DESIGN §4): active employees who do not hold it and have a
// current READY_FOR it, by readiness (now first), then fit desc, then id; fit is 0 for a role without
// requirements. One row {exists, slate}: exists says whether the role does (the slate is empty when it
// does not); slate holds maps {employee (the whole profile, as employees/get_many gives it), readiness,
// fit, assessedAt, assessedBy}.
OPTIONAL MATCH (r:Role {id: $role_id})
CALL (r) {
  MATCH (r)<-[rf:READY_FOR]-(e:Employee)
  WHERE e.active AND NOT EXISTS { (e)-[:HOLDS]->(r) }
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
  ORDER BY CASE rf.readiness WHEN 'READY_NOW' THEN 0 WHEN 'READY_1_2_YEARS' THEN 1 ELSE 2 END,
           fit DESC, e.id
  RETURN collect({
           employee: e {
             .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
             .riskOfLoss, .impactOfLoss, .willingToRelocate
           },
           readiness: rf.readiness, fit: fit, assessedAt: rf.assessedAt, assessedBy: rf.assessedBy
         }) AS slate
}
RETURN r IS NOT NULL AS exists, slate
