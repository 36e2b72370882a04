// Every node but the graph version ledger (graph/version.py: bookkeeping of this database's own
// transactions, meaningless in another) as {labels (sorted), key, props}, by labels then key: the node
// lines of a dump. $keys maps a label to its key property (default `id`); the key is taken from the first
// label.
MATCH (n)
WHERE NOT n:GraphVersion
WITH n, COLLECT { UNWIND labels(n) AS label RETURN label ORDER BY label } AS labels
RETURN labels, n[coalesce($keys[labels[0]], 'id')] AS key, properties(n) AS props
ORDER BY labels, key
