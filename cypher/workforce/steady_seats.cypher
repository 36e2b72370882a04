// Seats held by active employees who have no employment event (held throughout the history): every such seat
// of the organisation, as one record {rows: [[employee_id, hired_on (epoch milliseconds), role_id], ...]}.
MATCH (r:Role)<-[:HOLDS]-(e:Employee)
WHERE coalesce(e.active, true) AND NOT EXISTS { (e)<-[:OF]-(:EmploymentEvent) }
RETURN collect([e.id, CASE WHEN e.hiredOn IS NULL THEN null ELSE datetime({date: e.hiredOn}).epochMillis END,
                r.id]) AS rows
