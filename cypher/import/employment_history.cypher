// The employment events already in the graph of the given employees, or with the given event
// ids, as {id, employee_id, kind, at, from_role_id, to_role_id, reason}.
CALL {
  UNWIND $employee_ids AS eid
  MATCH (ev:EmploymentEvent)-[:OF]->(:Employee {id: eid})
  RETURN ev
  UNION
  UNWIND $ids AS id
  MATCH (ev:EmploymentEvent {id: id})
  RETURN ev
}
MATCH (ev)-[:OF]->(e:Employee)
OPTIONAL MATCH (ev)-[:FROM]->(f:Role)
OPTIONAL MATCH (ev)-[:TO]->(t:Role)
RETURN ev.id AS id, e.id AS employee_id, ev.kind AS kind, ev.at AS at, f.id AS from_role_id,
       t.id AS to_role_id, ev.reason AS reason
