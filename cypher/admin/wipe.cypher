// Deletes every node in batches (constraints and indexes stay; run admin/wipe_relationships first
// so no batch holds a dense node with all its edges); returns nothing.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
