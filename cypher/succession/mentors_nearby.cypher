// Mentors close by: for each skill id -> required levels in $needs (a map), up to 3 active employees other
// than $employee_id with the skill at or above the level and at most 4 REPORTS_TO hops away (either
// direction), nearest first, ties by id. Cheap (it only visits the neighbourhood); where it finds 3 they are
// exactly the ones succession/mentors would pick, since everyone else is further away. Returns {skill_id,
// level, mentors [{id, name}]} for the (skill, level) needs with at least one mentor nearby.
MATCH (e:Employee {id: $employee_id})
MATCH walk = (e)-[:REPORTS_TO*1..4]-(m:Employee)
WHERE m.active AND m <> e
WITH m, min(length(walk)) AS distance
MATCH (m)-[h:HAS_SKILL]->(s:Skill)
WHERE s.id IN keys($needs)
UNWIND $needs[s.id] AS level
WITH s.id AS skill_id, level, h.level AS have, m, distance
WHERE have >= level
ORDER BY distance, m.id
WITH skill_id, level, collect(m)[..3] AS nearest
RETURN skill_id, level, [m IN nearest | m {.id, .name}] AS mentors
