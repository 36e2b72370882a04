// One employee as {active, roleIds, skills [[skill id, level]] as stored, ledger (the graph version ledger
// as version/read gives it)}, or no row.
MATCH (e:Employee {id: $employee_id})
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN coalesce(e.active, false) AS active,
       [(e)-[:HOLDS]->(r:Role) | r.id] AS roleIds,
       [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]] AS skills,
       v {.epoch, .version, .writes, .baseTx, .baseWrites} AS ledger
