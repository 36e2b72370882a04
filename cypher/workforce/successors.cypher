// The nominated successors of the roles $role_ids (DESIGN §4: active, not holding the role, with a current
// READY_FOR it), as {role_id, employee_id, readiness, holds [ids of the roles they hold]}.
MATCH (r:Role)<-[rf:READY_FOR]-(e:Employee)
WHERE r.id IN $role_ids AND coalesce(e.active, true) AND NOT EXISTS { (e)-[:HOLDS]->(r) }
RETURN r.id AS role_id, e.id AS employee_id, rf.readiness AS readiness,
       [(e)-[:HOLDS]->(h:Role) | h.id] AS holds
