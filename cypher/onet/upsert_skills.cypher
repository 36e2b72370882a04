// Upserts O*NET Skills and Knowledge elements as Skill nodes (id = element id); a skill that already
// exists keeps its name and category. Returns nothing.
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
ON CREATE SET s.name = row.name, s.category = row.category
SET s.onetElementId = row.id
