// Every role with its requirements and active incumbents, as
// {id, requirements: [[skill_id, level, weight], ...], incumbents: [employee_id, ...]}.
MATCH (r:Role)
RETURN r.id AS id,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, q.level, q.weight]] AS requirements,
       [(r)<-[:HOLDS]-(e:Employee) WHERE e.active | e.id] AS incumbents
