// The path of each org unit from the top of its tree down to it (PART_OF; the unit itself last), as
// {org_unit_id, path [{id, name}]}; a unit whose PART_OF chain has no top (a cycle) has a path of itself.
UNWIND $ids AS id
MATCH (u:OrgUnit {id: id})
OPTIONAL MATCH chain = (u)-[:PART_OF*0..]->(top:OrgUnit)
WHERE NOT EXISTS { (top)-[:PART_OF]->(:OrgUnit) }
WITH id, u, chain ORDER BY length(chain) DESC
WITH id, u, head(collect(chain)) AS chain
RETURN id AS org_unit_id,
       CASE WHEN chain IS NULL THEN [u {.id, .name}]
            ELSE reverse([n IN nodes(chain) | n {.id, .name}]) END AS path
