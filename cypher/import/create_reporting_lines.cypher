// Sets the manager (REPORTS_TO) of employees this import created, so none has one yet (one row per
// employee in an import); returns nothing. No replace step, whose plan can scan every employee per
// row when made on statistics of an emptier graph.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (m:Employee {id: row.manager_id})
CREATE (e)-[:REPORTS_TO]->(m)
