// Upserts role requirements (REQUIRES {level, weight}); returns nothing.
UNWIND $rows AS row
MATCH (r:Role {id: row.role_id})
MATCH (s:Skill {id: row.skill_id})
MERGE (r)-[q:REQUIRES]->(s)
SET q.level = row.level, q.weight = row.weight
