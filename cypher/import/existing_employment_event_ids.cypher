// The ids among $ids that already exist as EmploymentEvent nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:EmploymentEvent {id: id})
RETURN n.id AS id
