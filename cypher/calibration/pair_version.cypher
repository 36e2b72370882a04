// The version of an (employee, role) pair's readiness: how many history entries (ReadinessAssessment, append-
// only) the pair has, with its current readiness: {version, current}. Read under the employee's lock.
OPTIONAL MATCH (e:Employee {id: $employee_id})
OPTIONAL MATCH (r:Role {id: $role_id})
RETURN COUNT { (e)<-[:OF]-(a:ReadinessAssessment) WHERE (a)-[:FOR]->(r) } AS version,
       [(e)-[rf:READY_FOR]->(r) | rf.readiness][0] AS current
