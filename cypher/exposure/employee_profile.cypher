// One employee as {active, roleIds, skills: [[skill id, level]]} (levels > 0), or no row.
MATCH (e:Employee {id: $employee_id})
RETURN coalesce(e.active, false) AS active,
       [(e)-[:HOLDS]->(r:Role) | r.id] AS roleIds,
       [(e)-[h:HAS_SKILL]->(s:Skill) WHERE h.level > 0 | [s.id, h.level]] AS skills
