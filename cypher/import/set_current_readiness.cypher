// Moves the current READY_FOR edge of each (employee, role) pair to the given assessment when it is
// at least as new as the current one (never backwards); one row per pair; returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (r:Role {id: row.role_id})
MERGE (e)-[rf:READY_FOR]->(r)
WITH rf, row
WHERE rf.assessedAt IS NULL OR rf.assessedAt <= row.assessed_at
SET rf.readiness = row.readiness, rf.assessedBy = row.assessed_by,
    rf.assessedAt = row.assessed_at, rf.note = row.note
