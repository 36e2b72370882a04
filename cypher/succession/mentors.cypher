// Mentors for skill needs of an employee: for each skill id -> required levels in $needs (a map), up to 3
// active employees other than $employee_id with the skill at or above the level, nearest in the reporting
// tree first (undirected REPORTS_TO distance through the closest common manager, counted up to 8 hops),
// then those further away or in no common tree, ties by id. Each candidate's distance is computed once,
// however many needs they meet. Returns {skill_id, level, mentors [{id, name}]}.
MATCH (e:Employee {id: $employee_id})
CALL (e) {
  MATCH up = (e)-[:REPORTS_TO*0..8]->(a:Employee)
  RETURN collect({node: a, up: length(up)}) AS chain
}
UNWIND keys($needs) AS skill_id
WITH e, chain, skill_id, $needs[skill_id] AS levels
WITH e, chain, skill_id, levels, reduce(lowest = levels[0], l IN levels |
       CASE WHEN l < lowest THEN l ELSE lowest END) AS lowest
MATCH (:Skill {id: skill_id})<-[h:HAS_SKILL]-(m:Employee)
WHERE h.level >= lowest AND m.active AND m <> e
WITH chain, m, collect({skill_id: skill_id, met: [l IN levels WHERE h.level >= l]}) AS meets
CALL (m, chain) {
  OPTIONAL MATCH climb = (m)-[:REPORTS_TO*0..8]->(a:Employee)
  WHERE a IN [link IN chain | link.node]
  WITH min(length(climb) + [link IN chain WHERE link.node = a][0].up) AS hops
  RETURN CASE WHEN hops <= 8 THEN hops END AS distance
}
UNWIND meets AS meet
UNWIND meet.met AS level
WITH meet.skill_id AS skill_id, level, m, distance
ORDER BY distance IS NULL, distance, m.id
WITH skill_id, level, collect(m)[..3] AS nearest
RETURN skill_id, level, [m IN nearest | m {.id, .name}] AS mentors
