// A person's 9-box ratings and their version (how many RatingAssessment history entries they have):
// {found, active, performance, potential, version}. Read under the employee's lock.
OPTIONAL MATCH (e:Employee {id: $employee_id})
RETURN e IS NOT NULL AS found, coalesce(e.active, false) AS active, e.performance AS performance,
       e.potential AS potential, COUNT { (e)<-[:OF]-(:RatingAssessment) } AS version
