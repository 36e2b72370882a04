// The nominated successors of the roles $role_ids (DESIGN §4: active, not holding the role, with a current
// READY_FOR it), as one record {rows: [[role_id, employee_id, readiness, [ids of the roles they hold]], ...]}.
MATCH (r:Role)<-[rf:READY_FOR]-(e:Employee)
WHERE r.id IN $role_ids AND coalesce(e.active, true) AND NOT EXISTS { (e)-[:HOLDS]->(r) }
RETURN collect([r.id, e.id, rf.readiness, [(e)-[:HOLDS]->(h:Role) | h.id]]) AS rows
