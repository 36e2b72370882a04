// The ids among $ids that already exist as OrgUnit nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:OrgUnit {id: id})
RETURN n.id AS id
