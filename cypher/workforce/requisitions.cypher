// Every filled requisition of the organisation, as one record {rows: [[role_id, opened_at, filled_at, fill],
// ...]}, times as epoch milliseconds.
MATCH (r:Role)<-[:FOR]-(q:Requisition)
WHERE q.status = 'FILLED'
RETURN collect([r.id, q.openedAt.epochMillis, q.filledAt.epochMillis, q.fill]) AS rows
