// What an employee's talent map (DESIGN §4) is worked out from, with the role index (graph/services/
// role_index.py): one row when the employee exists, none otherwise: {active, holds [[role id, grade, org unit
// id]] (the roles they hold), skills [[skill id, level]] as stored, ledger (the graph version ledger as
// version/read gives it)}.
MATCH (e:Employee {id: $employee_id})
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN coalesce(e.active, false) AS active,
       [(e)-[:HOLDS]->(r:Role) | [r.id, r.grade, head([(r)-[:IN_UNIT]->(u:OrgUnit) | u.id])]] AS holds,
       [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]] AS skills,
       v {.epoch, .version, .writes, .baseTx, .baseWrites} AS ledger
