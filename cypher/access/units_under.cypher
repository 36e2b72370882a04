// The ids among $unit_ids of org units that are $root_id or below it (PART_OF, transitively), as {id}.
UNWIND $unit_ids AS id
MATCH (u:OrgUnit {id: id})-[:PART_OF*0..]->(:OrgUnit {id: $root_id})
RETURN DISTINCT u.id AS id
