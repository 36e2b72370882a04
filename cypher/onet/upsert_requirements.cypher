// Upserts occupation requirements (Occupation)-[:REQUIRES {importance, level}]->(Skill); returns nothing.
UNWIND $rows AS row
MATCH (o:Occupation {code: row.code})
MATCH (s:Skill {id: row.skill_id})
MERGE (o)-[q:REQUIRES]->(s)
SET q.importance = row.importance, q.level = row.level
