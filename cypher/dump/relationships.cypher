// Every relationship as {type, source, target, props}, source and target as [first label, key]
// of the end nodes (as in dump/nodes), by type, source, target, then properties.
MATCH (a)-[r]->(b)
WITH r, a, b,
     reduce(first = null, label IN labels(a) | CASE WHEN first IS NULL OR label < first THEN label ELSE first END) AS a_label,
     reduce(first = null, label IN labels(b) | CASE WHEN first IS NULL OR label < first THEN label ELSE first END) AS b_label
WITH r,
     [a_label, a[coalesce($keys[a_label], 'id')]] AS source,
     [b_label, b[coalesce($keys[b_label], 'id')]] AS target
RETURN type(r) AS type, source, target, properties(r) AS props
ORDER BY type, source, target, props
