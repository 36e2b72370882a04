// The ids among $ids that already exist as Skill nodes, as {id} rows.
UNWIND $ids AS id
MATCH (n:Skill {id: id})
RETURN n.id AS id
