// Upserts requisitions (a requisition's status changes over its life: the newest row wins) with
// their role (FOR) and, when filled, who filled it (FILLED_BY); returns nothing.
UNWIND $rows AS row
MATCH (r:Role {id: row.role_id})
MERGE (q:Requisition {id: row.id})
SET q.openedAt = row.opened_at, q.filledAt = row.filled_at, q.status = row.status,
    q.fill = row.fill
WITH q, r, row
CALL (q) {
  MATCH (q)-[old:FOR|FILLED_BY]->()
  DELETE old
}
MERGE (q)-[:FOR]->(r)
WITH q, row
OPTIONAL MATCH (b:Employee {id: row.filled_by})
FOREACH (_ IN CASE WHEN b IS NULL THEN [] ELSE [1] END | MERGE (q)-[:FILLED_BY]->(b))
