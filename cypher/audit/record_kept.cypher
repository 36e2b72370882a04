// Records an audit event under the id its writer gave it (graph/services/audit_spool.py), once: an
// id already recorded is left as it was. Stamped $at when given (an event recorded late keeps the
// time it happened), else with the server clock (microseconds). Returns {id}.
MERGE (a:AuditEvent {id: $id})
ON CREATE SET
  a.at = coalesce($at, datetime.truncate('microsecond', datetime.realtime())), a.actor = $actor,
  a.action = $action, a.target = $target, a.outcome = $outcome, a.code = $code, a.detail = $detail
RETURN a.id AS id
