// Gives each role that maps to an occupation and has no requirements of its own the occupation's
// requirements: level = O*NET level (0-7), weight = importance (1-5), source 'ONET'; elements with
// level > 0 and importance >= $min_importance, most important first (then element id), the top
// $min_count by importance when fewer pass, at most $max_count. Returns {roles, requirements} created.
MATCH (r:Role)-[:MAPS_TO]->(o:Occupation)
WHERE NOT EXISTS { (r)-[:REQUIRES]->(:Skill) }
CALL (r, o) {
  MATCH (o)-[q:REQUIRES]->(s:Skill)
  WHERE q.level > 0
  WITH r, s, q
  ORDER BY q.importance DESC, s.id ASC
  WITH r, collect({skill: s, importance: q.importance, level: q.level}) AS eligible
  WITH r, eligible, [e IN eligible WHERE e.importance >= $min_importance] AS passing
  UNWIND (CASE WHEN size(passing) >= $min_count THEN passing ELSE eligible[..$min_count] END)[..$max_count] AS pick
  WITH r, pick.skill AS s, pick.importance AS weight, pick.level AS level
  MERGE (r)-[n:REQUIRES]->(s)
  SET n.level = level, n.weight = weight, n.source = 'ONET'
  RETURN count(n) AS created
}
RETURN count(r) AS roles, sum(created) AS requirements
