// The readiness versions of the (employee, role) pairs $pairs (a list of {employeeId, roleId}): how many
// history entries (ReadinessAssessment) each pair has, as {employeeId, roleId, version}.
UNWIND $pairs AS pair
OPTIONAL MATCH (e:Employee {id: pair.employeeId})
OPTIONAL MATCH (r:Role {id: pair.roleId})
RETURN pair.employeeId AS employeeId, pair.roleId AS roleId,
       COUNT { (e)<-[:OF]-(a:ReadinessAssessment) WHERE (a)-[:FOR]->(r) } AS version
