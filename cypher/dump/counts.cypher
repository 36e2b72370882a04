// How many nodes (but the graph version ledger, which dumps leave out) and relationships the database
// holds (from the count store), and how many of those nodes are audit events, as {nodes, relationships,
// audit_events}.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH (v:GraphVersion) RETURN count(v) AS ledgers }
CALL () { MATCH (a:AuditEvent) RETURN count(a) AS audit_events }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes - ledgers AS nodes, relationships, audit_events
