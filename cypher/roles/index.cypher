// Every role with what the role index (graph/services/role_index.py) is built from, as {id, title, grade,
// critical, unit_id, requirements [[skill id, level, weight]] as stored, headcount (active incumbents),
// tasks [[task id, PERFORMS weight, exposure]] (its own tasks), occupations [[code, $occupation_property]]
// (the occupations it maps to)}.
MATCH (r:Role)
RETURN r.id AS id, r.title AS title, r.grade AS grade, coalesce(r.critical, false) AS critical,
       head([(r)-[:IN_UNIT]->(u:OrgUnit) | u.id]) AS unit_id,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, q.level, q.weight]] AS requirements,
       COUNT { (r)<-[:HOLDS]-(e:Employee) WHERE e.active } AS headcount,
       [(r)-[p:PERFORMS]->(k:Task) | [k.id, p.weight, k.exposure]] AS tasks,
       [(r)-[:MAPS_TO]->(o:Occupation) | [o.code, o[$occupation_property]]] AS occupations
