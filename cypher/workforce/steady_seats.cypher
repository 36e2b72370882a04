// Seats held by active employees who have no employment event (held throughout the history), as
// {employee_id, hired_on (epoch milliseconds), role_id}: every such seat of the organisation.
MATCH (r:Role)<-[:HOLDS]-(e:Employee)
WHERE coalesce(e.active, true) AND NOT EXISTS { (e)<-[:OF]-(:EmploymentEvent) }
RETURN e.id AS employee_id, CASE WHEN e.hiredOn IS NULL THEN null ELSE datetime({date: e.hiredOn}).epochMillis END AS hired_on, r.id AS role_id
