// Deletes every node and relationship in batches (constraints and indexes stay); returns nothing.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
