// The org units that have a role in them or in a unit below them (PART_OF, transitively), each with its
// parent's id (null for a top-level unit) and how many roles sit directly in it, as
// {id, name, parent_id, roles}, by id. Units without any role below them have nothing to review.
MATCH (u:OrgUnit)
WHERE EXISTS { (u)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(:Role) }
OPTIONAL MATCH (u)-[:PART_OF]->(p:OrgUnit)
WITH u, min(p.id) AS parent_id
RETURN u.id AS id, u.name AS name, parent_id, COUNT { (u)<-[:IN_UNIT]-(:Role) } AS roles
ORDER BY id
