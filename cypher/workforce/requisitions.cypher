// The filled requisitions of the roles $role_ids, as {role_id, opened_at, filled_at, fill}.
MATCH (r:Role)<-[:FOR]-(q:Requisition)
WHERE r.id IN $role_ids AND q.status = 'FILLED'
RETURN r.id AS role_id, q.openedAt AS opened_at, q.filledAt AS filled_at, q.fill AS fill
