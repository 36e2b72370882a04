// Records employment events in the append-only history (an existing id is left as it was; the
// import refuses one whose content differs); returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MERGE (ev:EmploymentEvent {id: row.id})
ON CREATE SET ev.kind = row.kind, ev.at = row.at, ev.reason = row.reason
MERGE (ev)-[:OF]->(e)
WITH ev, row
OPTIONAL MATCH (f:Role {id: row.from_role_id})
OPTIONAL MATCH (t:Role {id: row.to_role_id})
FOREACH (_ IN CASE WHEN f IS NULL THEN [] ELSE [1] END | MERGE (ev)-[:FROM]->(f))
FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | MERGE (ev)-[:TO]->(t))
