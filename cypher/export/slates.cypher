// The nominated successors of each role in $role_ids, with the rules and fit of succession/slate,
// plus how many gaps each has and the names of the $top_gaps largest (weight x shortfall, then skill
// id). Returns {role_id, employee {id, name}, readiness, fit, assessedAt, assessedBy, gapCount, topGaps},
// by role id, then slate order.
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})<-[rf:READY_FOR]-(e:Employee)
WHERE e.active AND NOT EXISTS { (e)-[:HOLDS]->(r) }
CALL (r, e) {
  OPTIONAL MATCH (r)-[req:REQUIRES]->(s:Skill)
  OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
  WITH req, coalesce(h.level, 0.0) AS have
  WITH sum(req.weight * req.level) AS total,
       sum(req.weight * CASE WHEN have < req.level THEN have ELSE req.level END) AS covered
  RETURN CASE WHEN total > 0 THEN round(toFloat(covered) / total, 12) ELSE 0.0 END AS fit
}
CALL (r, e) {
  OPTIONAL MATCH (r)-[req:REQUIRES]->(s:Skill)
  OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
  WITH s, req, coalesce(h.level, 0.0) AS have
  WHERE have < req.level
  WITH s, req.weight * (req.level - have) AS size
  ORDER BY size DESC, s.id
  RETURN count(s) AS gapCount, collect(s.name)[..$top_gaps] AS topGaps
}
RETURN role_id, e {.id, .name} AS employee, rf.readiness AS readiness, fit,
       rf.assessedAt AS assessedAt, rf.assessedBy AS assessedBy, gapCount, topGaps
ORDER BY role_id, CASE rf.readiness WHEN 'READY_NOW' THEN 0 WHEN 'READY_1_2_YEARS' THEN 1 ELSE 2 END,
         fit DESC, e.id
