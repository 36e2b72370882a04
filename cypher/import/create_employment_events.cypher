// Creates employment events that do not exist yet (the writer checked, in the same transaction)
// with their employee (OF) and roles (FROM, TO), as upsert_employment_events would on a new id;
// returns nothing. A new event has no edges to merge with.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
CREATE (ev:EmploymentEvent {id: row.id})
SET ev.kind = row.kind, ev.at = row.at, ev.reason = row.reason
CREATE (ev)-[:OF]->(e)
WITH ev, row
OPTIONAL MATCH (f:Role {id: row.from_role_id})
OPTIONAL MATCH (t:Role {id: row.to_role_id})
FOREACH (_ IN CASE WHEN f IS NULL THEN [] ELSE [1] END | CREATE (ev)-[:FROM]->(f))
FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (ev)-[:TO]->(t))
