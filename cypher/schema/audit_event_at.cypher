// Index: audit events by time, for the audit log (newest first, since a time).
CREATE INDEX audit_event_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at)
