// The ids among $ids that already exist as Requisition nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:Requisition {id: id})
RETURN n.id AS id
