// How many nodes (but the graph version ledger, which dumps leave out) and relationships the database
// holds (from the count store), as {nodes, relationships}.
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH (v:GraphVersion) RETURN count(v) AS ledgers }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes - ledgers AS nodes, relationships
