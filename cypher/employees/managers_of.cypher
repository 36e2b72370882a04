// Each employee's line manager as {employee_id, manager_id}.
UNWIND $ids AS id
MATCH (:Employee {id: id})-[:REPORTS_TO]->(m:Employee)
RETURN id AS employee_id, m.id AS manager_id
