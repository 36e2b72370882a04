// Creates requisitions that do not exist yet (the writer checked, in the same transaction) with
// their role (FOR) and, when filled, who filled it (FILLED_BY), as upsert_requisitions would on a
// new id; returns nothing. A new requisition has no edges to replace.
UNWIND $rows AS row
MATCH (r:Role {id: row.role_id})
CREATE (q:Requisition {id: row.id})
SET q.openedAt = row.opened_at, q.filledAt = row.filled_at, q.status = row.status,
    q.fill = row.fill
CREATE (q)-[:FOR]->(r)
WITH q, row
OPTIONAL MATCH (b:Employee {id: row.filled_by})
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | CREATE (q)-[:FILLED_BY]->(b))
