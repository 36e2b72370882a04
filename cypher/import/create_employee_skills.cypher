// Adds proficiencies (HAS_SKILL {level, source, assessedOn}) of employees this import created, so
// none can have the edge yet (skill ids are unique per employee in an import); returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (s:Skill {id: row.skill_id})
CREATE (e)-[h:HAS_SKILL]->(s)
SET h.level = row.level, h.source = row.source, h.assessedOn = row.assessed_on
