// Every employment event of the organisation, as {employee_id, hired_on, kind, at, from_role_id, to_role_id,
// reason}, in no particular order; times as epoch milliseconds (the driver's temporal values cost about a
// millisecond each to convert). Read once per graph version (graph/services/workforce.py caches it).
MATCH (ev:EmploymentEvent)-[:OF]->(e:Employee)
OPTIONAL MATCH (ev)-[:FROM]->(f:Role)
OPTIONAL MATCH (ev)-[:TO]->(t:Role)
RETURN e.id AS employee_id, CASE WHEN e.hiredOn IS NULL THEN null ELSE datetime({date: e.hiredOn}).epochMillis END AS hired_on, ev.kind AS kind,
       ev.at.epochMillis AS at, f.id AS from_role_id, t.id AS to_role_id, ev.reason AS reason
