// Skills of each employee as {employee_id, skills: [{skill {id, name}, level}]}, skills by id.
UNWIND $ids AS id
MATCH (:Employee {id: id})-[h:HAS_SKILL]->(s:Skill)
WITH id, h, s
ORDER BY s.id
RETURN id AS employee_id, collect({skill: s {.id, .name}, level: h.level}) AS skills
