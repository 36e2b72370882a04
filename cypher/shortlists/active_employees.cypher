// The ids of all active employees (with or without skills), as one {ids} row.
MATCH (e:Employee)
WHERE e.active
RETURN collect(e.id) AS ids
