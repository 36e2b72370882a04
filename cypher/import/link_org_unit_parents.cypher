// Points each org unit at its parent (PART_OF), replacing any other parent; returns nothing.
UNWIND $rows AS row
MATCH (u:OrgUnit {id: row.id})
OPTIONAL MATCH (u)-[old:PART_OF]->(previous:OrgUnit)
WHERE row.parent_id IS NULL OR previous.id <> row.parent_id
DELETE old
WITH DISTINCT u, row
WHERE row.parent_id IS NOT NULL
MATCH (parent:OrgUnit {id: row.parent_id})
MERGE (u)-[:PART_OF]->(parent)
