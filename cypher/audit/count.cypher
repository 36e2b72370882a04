// How many audit events are at or after $since (every one when null): the audit log's totalCount. Returns
// {total}.
MATCH (a:AuditEvent)
WHERE $since IS NULL OR a.at >= $since
RETURN count(a) AS total
