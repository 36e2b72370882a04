// Deletes up to $batch audit events older than $before (the retention setting); returns {deleted}.
MATCH (a:AuditEvent)
WHERE a.at < $before
WITH a
LIMIT $batch
DETACH DELETE a
RETURN count(*) AS deleted
