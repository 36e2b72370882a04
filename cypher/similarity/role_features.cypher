// Every role's role-similarity features, by id: {id, grade, occupationCode (the code of the occupation
// it MAPS_TO, or null), skills, levels, weights (its requirements as parallel lists)}.
MATCH (r:Role)
CALL (r) {
  OPTIONAL MATCH (r)-[:MAPS_TO]->(o:Occupation)
  RETURN min(o.code) AS occupationCode
}
CALL (r) {
  MATCH (r)-[q:REQUIRES]->(s:Skill)
  RETURN collect(s.id) AS skills, collect(q.level) AS levels, collect(q.weight) AS weights
}
RETURN r.id AS id, r.grade AS grade, occupationCode, skills, levels, weights
ORDER BY id
