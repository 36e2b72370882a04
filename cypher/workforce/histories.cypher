// Every employment event of the organisation, as one record {rows: [[employee_id, hired_on, kind, at,
// from_role_id, to_role_id, reason], ...]} in no particular order; times as epoch milliseconds (the driver's
// temporal values cost about a millisecond each to convert), one record because hundreds of thousands of
// records cost the driver far more than their values. Read once per graph version
// (graph/services/workforce.py holds it).
MATCH (ev:EmploymentEvent)-[:OF]->(e:Employee)
OPTIONAL MATCH (ev)-[:FROM]->(f:Role)
OPTIONAL MATCH (ev)-[:TO]->(t:Role)
RETURN collect([e.id, CASE WHEN e.hiredOn IS NULL THEN null ELSE datetime({date: e.hiredOn}).epochMillis END,
                ev.kind, ev.at.epochMillis, f.id, t.id, ev.reason]) AS rows
