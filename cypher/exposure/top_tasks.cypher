// The most exposed scored tasks behind each role's exposure, for $roles = [{id, source}]: the role's own
// tasks when source is 'ROLE_TASKS', else its occupation's; by exposure desc, then PERFORMS weight desc,
// then task id; at most $first per role. Returns {role_id, tasks: [{id, statement, exposure}]}.
UNWIND $roles AS item
MATCH (r:Role {id: item.id})
CALL (r, item) {
  MATCH (r)-[p:PERFORMS]->(k:Task)
  WHERE item.source = 'ROLE_TASKS' AND k.exposure IS NOT NULL
  RETURN k, coalesce(p.weight, 1.0) AS weight
  UNION
  MATCH (r)-[:MAPS_TO]->(:Occupation)-[:HAS_TASK]->(k:Task)
  WHERE item.source <> 'ROLE_TASKS' AND k.exposure IS NOT NULL
  RETURN k, 1.0 AS weight
}
WITH item, k, weight
ORDER BY k.exposure DESC, weight DESC, k.id ASC
WITH item, collect(k {.id, .statement, .exposure}) AS tasks
RETURN item.id AS role_id, tasks[..$first] AS tasks
