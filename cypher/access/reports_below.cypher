// The ids among $ids of employees in the reporting subtree of the active employee $manager_id: people who
// report to them directly or through others (REPORTS_TO, transitively; not the manager themselves), as {id}.
MATCH (m:Employee {id: $manager_id})
WHERE m.active
UNWIND $ids AS id
MATCH (e:Employee {id: id})
WHERE EXISTS { (e)-[:REPORTS_TO*1..]->(m) }
RETURN DISTINCT e.id AS id
