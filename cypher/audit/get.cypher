// The audit event with id $id (no row when there is none): {event {id, at, actor, action, target, outcome,
// code, detail}}. An export's manifest is found by its event (graph/services/export/manifest.py).
MATCH (a:AuditEvent {id: $id})
RETURN a {.id, .at, .actor, .action, .target, .outcome, .code, .detail} AS event
