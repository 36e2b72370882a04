// Every active employee with their skill levels, as {id, skills: [[skill_id, level], ...]}.
MATCH (e:Employee)
WHERE e.active
RETURN e.id AS id, [(e)-[h:HAS_SKILL]->(s:Skill) WHERE h.level > 0 | [s.id, h.level]] AS skills
