// Appends an audit event (who, what, when, outcome), stamped with the server clock (microseconds):
// {id ($id, or a new one when null), at, actor, action, target, outcome ('SUCCESS' or 'FAILURE'), code
// (the error code of a failure), detail (JSON text)}. Returns {id}.
CREATE (a:AuditEvent {
  id: coalesce($id, 'ae-' + randomUUID()), at: datetime.truncate('microsecond', datetime.realtime()),
  actor: $actor, action: $action, target: $target, outcome: $outcome, code: $code, detail: $detail
})
RETURN a.id AS id
