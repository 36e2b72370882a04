// Automation exposure (DESIGN §4) of each role in $ids as {role_id, exposure, source}: the weighted mean
// exposure of its own scored tasks (PERFORMS weight, default 1; source 'ROLE_TASKS'), else its occupation's
// $occupation_property (source $occupation_source). Roles with neither are absent.
UNWIND $ids AS id
MATCH (r:Role {id: id})
CALL (r) {
  MATCH (r)-[p:PERFORMS]->(k:Task)
  WHERE k.exposure IS NOT NULL
  RETURN sum(coalesce(p.weight, 1.0) * k.exposure) AS num, sum(coalesce(p.weight, 1.0)) AS den
}
CALL (r) {
  OPTIONAL MATCH (r)-[:MAPS_TO]->(o:Occupation)
  RETURN min(o[$occupation_property]) AS occupational
}
WITH id, CASE WHEN den > 0 THEN toFloat(num) / den ELSE occupational END AS exposure,
     CASE WHEN den > 0 THEN 'ROLE_TASKS' ELSE $occupation_source END AS source
WHERE exposure IS NOT NULL
RETURN id AS role_id, exposure, source
