// Roles each employee holds as {employee_id, role_ids}, by role id.
UNWIND $ids AS id
MATCH (:Employee {id: id})-[:HOLDS]->(r:Role)
WITH id, r
ORDER BY r.id
RETURN id AS employee_id, collect(r.id) AS role_ids
