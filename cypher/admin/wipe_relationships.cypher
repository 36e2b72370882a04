// Deletes every relationship in batches, so a later node delete holds no dense node's edges in
// one transaction; returns nothing.
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
