// The parents (PART_OF) of the org units $ids and of every unit above them, as {unit_id, parent_id}
// rows: the part of the graph an org-units import could close a cycle through.
UNWIND $ids AS id
MATCH (:OrgUnit {id: id})-[:PART_OF*0..]->(u:OrgUnit)
WITH DISTINCT u
MATCH (u)-[:PART_OF]->(p:OrgUnit)
RETURN u.id AS unit_id, p.id AS parent_id
