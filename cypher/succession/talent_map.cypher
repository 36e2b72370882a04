// The talent map of an active employee (DESIGN §4): roles they do not hold with fit > 0, fit rounded to 12
// decimals (a stable sort key), by fit desc then role id, after the cursor ($after_fit, $after_role_id; null
// for the first page), at most $first. move: UPWARD when the grade is above the highest grade they hold,
// else LATERAL when the role is in the org unit of a role they hold, else PIVOT (always PIVOT for someone
// who holds no role). Gaps as in DESIGN §4, largest weight x shortfall first, then skill id. Returns
// {entry {role {id, title}, fit, move, gaps [{skill {id, name}, required, have, shortfall}]}}.
MATCH (e:Employee {id: $employee_id})
WHERE e.active
CALL (e) {
  OPTIONAL MATCH (e)-[:HOLDS]->(held:Role)
  OPTIONAL MATCH (held)-[:IN_UNIT]->(u:OrgUnit)
  RETURN max(held.grade) AS top_grade, collect(DISTINCT u.id) AS unit_ids,
         collect(DISTINCT held) AS held_roles
}
MATCH (e)-[h:HAS_SKILL]->(:Skill)<-[req:REQUIRES]-(r:Role)
WHERE h.level > 0
WITH e, top_grade, unit_ids, held_roles, r,
     sum(req.weight * CASE WHEN h.level < req.level THEN h.level ELSE req.level END) AS covered
WHERE NOT r IN held_roles
CALL (r) {
  MATCH (r)-[req:REQUIRES]->(:Skill)
  RETURN sum(req.weight * req.level) AS total
}
WITH e, top_grade, unit_ids, r, round(toFloat(covered) / total, 12) AS fit
WHERE fit > 0
  AND ($after_role_id IS NULL OR fit < $after_fit OR (fit = $after_fit AND r.id > $after_role_id))
ORDER BY fit DESC, r.id
LIMIT $first
OPTIONAL MATCH (r)-[:IN_UNIT]->(ru:OrgUnit)
CALL (e, r) {
  MATCH (r)-[req:REQUIRES]->(s:Skill)
  OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
  WITH s, req, coalesce(h.level, 0.0) AS have
  WHERE have < req.level
  WITH s, req, have, req.level - have AS shortfall
  ORDER BY req.weight * shortfall DESC, s.id
  RETURN collect({skill: s {.id, .name}, required: req.level, have: have, shortfall: shortfall}) AS gaps
}
RETURN {
  role: r {.id, .title}, fit: fit, gaps: gaps,
  move: CASE
    WHEN top_grade IS NOT NULL AND r.grade > top_grade THEN 'UPWARD'
    WHEN ru.id IN unit_ids THEN 'LATERAL'
    ELSE 'PIVOT'
  END
} AS entry
ORDER BY fit DESC, r.id
