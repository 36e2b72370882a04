// What a readiness write needs to know about an (employee, role) pair, read under the employee's lock:
// {role_found, holds (the employee holds the role), current (readiness of the current READY_FOR, or null)}.
OPTIONAL MATCH (r:Role {id: $role_id})
OPTIONAL MATCH (e:Employee {id: $employee_id})
RETURN r IS NOT NULL AS role_found,
       EXISTS { (e)-[:HOLDS]->(r) } AS holds,
       [(e)-[rf:READY_FOR]->(r) | rf.readiness][0] AS current
