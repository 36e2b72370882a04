// Appends audit events in one write, each as audit/record does: for each row of $rows {actor, action,
// target, outcome, code, detail}, an AuditEvent stamped with the server clock. Returns {written}.
UNWIND $rows AS row
CREATE (a:AuditEvent {
  id: 'ae-' + randomUUID(), at: datetime.truncate('microsecond', datetime.realtime()),
  actor: row.actor, action: row.action, target: row.target, outcome: row.outcome, code: row.code,
  detail: row.detail
})
RETURN count(a) AS written
