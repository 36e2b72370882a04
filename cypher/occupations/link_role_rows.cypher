// After roles are upserted: links each role of $rows to the occupation its occupation_code names, if
// that occupation is loaded, and drops any other MAPS_TO link; returns nothing.
UNWIND $rows AS row
MATCH (r:Role {id: row.id})
OPTIONAL MATCH (r)-[m:MAPS_TO]->(o:Occupation)
WHERE row.occupation_code IS NULL OR o.code <> row.occupation_code
DELETE m
WITH DISTINCT r, row
MATCH (o:Occupation {code: row.occupation_code})
MERGE (r)-[:MAPS_TO]->(o)
