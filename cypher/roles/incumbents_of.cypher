// Active incumbents of each role as {role_id, employee_ids}, by id.
UNWIND $ids AS id
MATCH (:Role {id: id})<-[:HOLDS]-(e:Employee)
WHERE e.active
WITH id, e
ORDER BY e.id
RETURN id AS role_id, collect(e.id) AS employee_ids
