// Ids the benchmark varies its calls over, as {kind, ids}: critical roles, active role holders, and
// managers (people with direct reports); at most 500 of each, spread over the id range.
MATCH (r:Role) WHERE r.critical
WITH collect(r.id) AS ids
RETURN 'role' AS kind, [i IN range(0, size(ids) - 1, CASE WHEN size(ids) > 500 THEN size(ids) / 500 ELSE 1 END) | ids[i]] AS ids
UNION ALL
MATCH (e:Employee)-[:HOLDS]->() WHERE e.active
WITH collect(DISTINCT e.id) AS ids
RETURN 'employee' AS kind, [i IN range(0, size(ids) - 1, CASE WHEN size(ids) > 500 THEN size(ids) / 500 ELSE 1 END) | ids[i]] AS ids
UNION ALL
MATCH (e:Employee)<-[:REPORTS_TO]-() WHERE e.active
WITH collect(DISTINCT e.id) AS ids
RETURN 'manager' AS kind, [i IN range(0, size(ids) - 1, CASE WHEN size(ids) > 500 THEN size(ids) / 500 ELSE 1 END) | ids[i]] AS ids
