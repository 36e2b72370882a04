// Audit events at or after $since (every one when null), newest first (at desc, then id desc), after the
// cursor ($after_seconds, $after_nanos, $after_id: the epoch seconds, nanosecond and id of the last event
// seen; all null for the first page), at most $first. Returns {event {id, at, actor, action, target,
// outcome, code, detail}, seconds, nanos (the cursor's epoch seconds and nanosecond of at)}.
WITH CASE WHEN $after_id IS NOT NULL
       THEN datetime({epochSeconds: $after_seconds, nanosecond: $after_nanos})
     END AS cutoff
MATCH (a:AuditEvent)
WHERE ($since IS NULL OR a.at >= $since)
  AND (cutoff IS NULL OR a.at < cutoff OR (a.at = cutoff AND a.id < $after_id))
WITH a
ORDER BY a.at DESC, a.id DESC
LIMIT $first
RETURN a {.id, .at, .actor, .action, .target, .outcome, .code, .detail} AS event,
       a.at.epochSeconds AS seconds, a.at.nanosecond AS nanos
