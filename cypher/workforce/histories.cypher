// The whole employment history of everyone with an event into or out of one of the roles $role_ids, as
// {employee_id, hired_on, kind, at, from_role_id, to_role_id, reason}, in no particular order; times as epoch
// milliseconds (the driver's temporal values cost about a millisecond each to convert).
MATCH (r:Role)
WHERE r.id IN $role_ids
MATCH (r)<-[:FROM|TO]-(:EmploymentEvent)-[:OF]->(e:Employee)
WITH DISTINCT e
MATCH (e)<-[:OF]-(ev:EmploymentEvent)
RETURN e.id AS employee_id, CASE WHEN e.hiredOn IS NULL THEN null ELSE datetime({date: e.hiredOn}).epochMillis END AS hired_on, ev.kind AS kind,
       ev.at.epochMillis AS at,
       [(ev)-[:FROM]->(f:Role) | f.id][0] AS from_role_id,
       [(ev)-[:TO]->(t:Role) | t.id][0] AS to_role_id, ev.reason AS reason
