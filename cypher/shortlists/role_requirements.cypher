// Roles (every role when $role_ids is null, else those ids) with their requirements as stored and their
// active incumbents, as {id, requirements: [[skill_id, level, weight], ...], incumbents: [employee_id, ...]}.
MATCH (r:Role)
WHERE $role_ids IS NULL OR r.id IN $role_ids
RETURN r.id AS id,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, q.level, q.weight]] AS requirements,
       [(r)<-[:HOLDS]-(e:Employee) WHERE e.active | e.id] AS incumbents
