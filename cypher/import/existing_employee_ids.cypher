// The ids among $ids that already exist as Employee nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:Employee {id: id})
RETURN n.id AS id
