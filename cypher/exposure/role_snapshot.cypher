// Every role with what the exposure, similarity and redeployment figures are computed from:
// exposure and source (as exposure/of_roles), headcount (active incumbents), benchScore (critical roles
// only, as succession/bench; 0.0 otherwise) and requirements as parallel lists of skill ids, weights and
// levels. Returns {id, title, critical, exposure, source, headcount, benchScore, skills, weights, levels}.
MATCH (r:Role)
CALL (r) {
  MATCH (r)-[p:PERFORMS]->(k:Task)
  WHERE k.exposure IS NOT NULL
  RETURN sum(coalesce(p.weight, 1.0) * k.exposure) AS num, sum(coalesce(p.weight, 1.0)) AS den
}
CALL (r) {
  OPTIONAL MATCH (r)-[:MAPS_TO]->(o:Occupation)
  RETURN min(o[$occupation_property]) AS occupational
}
CALL (r) {
  MATCH (r)-[q:REQUIRES]->(s:Skill)
  RETURN collect(s.id) AS skills, collect(q.weight) AS weights, collect(q.level) AS levels
}
CALL (r) {
  OPTIONAL MATCH (s:Employee)-[rf:READY_FOR]->(r)
  WHERE r.critical AND s.active AND NOT EXISTS { (s)-[:HOLDS]->(r) }
  WITH rf, CASE WHEN s IS NULL THEN 1
                ELSE COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } } END AS n
  RETURN sum(CASE rf.readiness
               WHEN 'READY_NOW' THEN $weight_ready_now
               WHEN 'READY_1_2_YEARS' THEN $weight_ready_1_2_years
               WHEN 'READY_3_5_YEARS' THEN $weight_ready_3_5_years
               ELSE 0.0
             END / n) AS benchScore
}
WITH r, skills, weights, levels, benchScore,
     CASE WHEN den > 0 THEN toFloat(num) / den ELSE occupational END AS exposure,
     CASE WHEN den > 0 THEN 'ROLE_TASKS' WHEN occupational IS NOT NULL THEN $occupation_source END AS source
RETURN r.id AS id, r.title AS title, coalesce(r.critical, false) AS critical, exposure, source,
       COUNT { (r)<-[:HOLDS]-(e:Employee) WHERE e.active } AS headcount,
       toFloat(benchScore) AS benchScore, skills, weights, levels
