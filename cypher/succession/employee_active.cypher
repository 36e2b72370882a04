// Whether the employee is active, as {active}; nothing when there is no such employee.
MATCH (e:Employee {id: $employee_id})
RETURN coalesce(e.active, false) AS active
