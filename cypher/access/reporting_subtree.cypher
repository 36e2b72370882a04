// Everyone in the reporting subtree of the active employee $manager_id (REPORTS_TO, transitively; not the
// manager themselves), as {id}: the people access/reports_below checks one by one, listed whole for lists.
MATCH (m:Employee {id: $manager_id})
WHERE m.active
MATCH (e:Employee)-[:REPORTS_TO*1..]->(m)
RETURN DISTINCT e.id AS id
