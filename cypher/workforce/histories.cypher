// The whole employment history of everyone with an event into or out of one of the roles $role_ids, as
// {employee_id, hired_on, kind, at, from_role_id, to_role_id, reason}, in no particular order.
MATCH (r:Role)<-[:FROM|TO]-(:EmploymentEvent)-[:OF]->(e:Employee)
WHERE r.id IN $role_ids
WITH DISTINCT e
MATCH (e)<-[:OF]-(ev:EmploymentEvent)
OPTIONAL MATCH (ev)-[:FROM]->(f:Role)
OPTIONAL MATCH (ev)-[:TO]->(t:Role)
RETURN e.id AS employee_id, e.hiredOn AS hired_on, ev.kind AS kind, ev.at AS at,
       f.id AS from_role_id, t.id AS to_role_id, ev.reason AS reason
