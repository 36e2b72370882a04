// Upserts O*NET task statements as Task nodes linked by (Occupation)-[:HAS_TASK]->(Task); returns nothing.
UNWIND $rows AS row
MATCH (o:Occupation {code: row.code})
MERGE (t:Task {id: row.id})
SET t.statement = row.statement, t.taskType = row.task_type, t.onetTaskId = row.onet_task_id
MERGE (o)-[:HAS_TASK]->(t)
