// Upserts employee proficiencies (HAS_SKILL {level, source, assessedOn}); returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (s:Skill {id: row.skill_id})
MERGE (e)-[h:HAS_SKILL]->(s)
SET h.level = row.level, h.source = row.source, h.assessedOn = row.assessed_on
