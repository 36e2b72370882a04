// Upserts a role's own tasks (Role)-[:PERFORMS {weight}]->(Task); a row with a statement creates or
// updates the task (statement, exposure), one without names an existing task. Returns nothing.
UNWIND $rows AS row
MATCH (r:Role {id: row.role_id})
MERGE (t:Task {id: row.task_id})
FOREACH (_ IN CASE WHEN row.statement IS NULL THEN [] ELSE [1] END |
  SET t.statement = row.statement, t.exposure = row.exposure
)
MERGE (r)-[p:PERFORMS]->(t)
SET p.weight = row.weight
