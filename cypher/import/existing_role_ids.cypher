// The ids among $ids that already exist as Role nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:Role {id: id})
RETURN n.id AS id
