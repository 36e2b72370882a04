// Takes a write lock on the employee (a property set and removed again, so nothing changes) so that
// readiness writes for one employee run one after another; returns {active}, or nothing when no such employee.
MATCH (e:Employee {id: $employee_id})
SET e._lock = true
REMOVE e._lock
RETURN e.active AS active
