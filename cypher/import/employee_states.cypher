// Whether each employee is active and which roles they hold, as {employee_id, active, role_ids}.
UNWIND $ids AS id
MATCH (e:Employee {id: id})
OPTIONAL MATCH (e)-[:HOLDS]->(r:Role)
WITH id, e, r
ORDER BY r.id
RETURN id AS employee_id, coalesce(e.active, true) AS active, collect(r.id) AS role_ids
