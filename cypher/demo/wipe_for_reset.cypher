// Deletes every node but the audit trail (AuditEvent nodes, which have no relationships) and the
// record of the demo load, in batches (run admin/wipe_relationships first); returns nothing.
MATCH (n) WHERE NOT n:AuditEvent AND NOT n:DemoLoad
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
