// The line managers (REPORTS_TO) of the employees $ids and of everyone above them, as
// {employee_id, manager_id} rows: the part of the graph a reporting-lines import could close a
// cycle through.
UNWIND $ids AS id
MATCH (:Employee {id: id})-[:REPORTS_TO*0..]->(e:Employee)
WITH DISTINCT e
MATCH (e)-[:REPORTS_TO]->(m:Employee)
RETURN e.id AS employee_id, m.id AS manager_id
