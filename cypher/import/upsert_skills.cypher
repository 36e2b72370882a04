// Upserts skills by id; returns nothing.
UNWIND $rows AS row
MERGE (s:Skill {id: row.id})
SET s.name = row.name, s.category = row.category, s.onetElementId = row.onet_element_id
