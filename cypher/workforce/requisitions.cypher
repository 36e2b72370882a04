// Every filled requisition of the organisation, as {role_id, opened_at, filled_at, fill}, times as epoch
// milliseconds.
MATCH (r:Role)<-[:FOR]-(q:Requisition)
WHERE q.status = 'FILLED'
RETURN r.id AS role_id, q.openedAt.epochMillis AS opened_at, q.filledAt.epochMillis AS filled_at,
       q.fill AS fill
