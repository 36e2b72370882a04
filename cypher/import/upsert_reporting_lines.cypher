// Sets each employee's manager (REPORTS_TO), replacing any other; returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (m:Employee {id: row.manager_id})
OPTIONAL MATCH (e)-[old:REPORTS_TO]->(previous:Employee)
WHERE previous.id <> row.manager_id
DELETE old
WITH DISTINCT e, m
MERGE (e)-[:REPORTS_TO]->(m)
