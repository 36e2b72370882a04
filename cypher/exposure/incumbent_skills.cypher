// The skills of each role's active incumbents, for the roles in $ids, as {role_id, people: [[[skill id,
// level], ...] per incumbent]}; ids that match no role are absent.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN id AS role_id,
       COLLECT {
         MATCH (r)<-[:HOLDS]-(e:Employee)
         WHERE e.active
         RETURN [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]
       } AS people
