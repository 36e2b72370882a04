// Requirements of each role as {role_id, requirements: [{skill {id, name}, level, weight}]},
// heaviest (weight x level) first, then skill id.
UNWIND $ids AS id
MATCH (:Role {id: id})-[q:REQUIRES]->(s:Skill)
WITH id, q, s
ORDER BY q.weight * q.level DESC, s.id
RETURN id AS role_id, collect({skill: s {.id, .name}, level: q.level, weight: q.weight}) AS requirements
