// Links every role to the occupation its occupationCode names (Role)-[:MAPS_TO]->(Occupation) and drops
// links that no longer match; returns {linked}: how many roles map to an occupation afterwards.
CALL () {
  MATCH (r:Role)-[m:MAPS_TO]->(o:Occupation)
  WHERE r.occupationCode IS NULL OR r.occupationCode <> o.code
  DELETE m
}
CALL () {
  MATCH (r:Role)
  WHERE r.occupationCode IS NOT NULL
  MATCH (o:Occupation {code: r.occupationCode})
  MERGE (r)-[:MAPS_TO]->(o)
}
RETURN COUNT { (:Role)-[:MAPS_TO]->(:Occupation) } AS linked
