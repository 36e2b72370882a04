// Active direct reports of each manager as {employee_id, report_ids}, by id.
UNWIND $ids AS id
MATCH (:Employee {id: id})<-[:REPORTS_TO]-(r:Employee)
WHERE r.active
WITH id, r
ORDER BY r.id
RETURN id AS employee_id, collect(r.id) AS report_ids
