// Succession candidates for a role from its shortlist (graph/fit_index.py), with whether the shortlist
// may be used, in one round trip: one row {fresh, candidates} when the role exists, none otherwise.
// fresh: the shortlist was built at the current fit version (as succession/shortlist_state says).
// candidates (empty unless fresh): the same rows as succession/list_candidates, whose text from
// `WITH r, total, e,` on this query repeats exactly, but scoring only the first $scan shortlisted people
// (best first; $scan = $first + a margin, 0 to score nobody), as maps {employee (the whole profile, as
// employees/get_many gives it), fit, readiness, assessedAt, assessed, gaps}, best first.
MATCH (r:Role {id: $role_id})
OPTIONAL MATCH (v:GraphVersion {id: 'fit'})
WITH r, r.shortlistVersion IS NOT NULL AND r.shortlistVersion = coalesce(v.version, 0) AS fresh
CALL (r, fresh) {
  WITH r
  WHERE fresh
  CALL (r) {
    MATCH (r)-[req:REQUIRES]->(:Skill)
    RETURN sum(req.weight * req.level) AS total
  }
  WITH r, total, COLLECT { MATCH (r)<-[:HOLDS]-(i:Employee) RETURN i } AS incumbents
  WHERE total > 0
  UNWIND r.shortlistIds[..$scan] AS shortlisted
  MATCH (e:Employee {id: shortlisted})
  MATCH (r)-[req:REQUIRES]->(s:Skill)<-[h:HAS_SKILL]-(e)
  WHERE h.level > 0 AND e.active AND NOT e IN incumbents
  WITH r, total, e,
       sum(req.weight * CASE WHEN h.level < req.level THEN h.level ELSE req.level END) AS covered
  WITH r, e, round(toFloat(covered) / total, 12) AS fit
  WHERE fit >= $min_fit
  ORDER BY fit DESC, e.id ASC
  LIMIT $first
  OPTIONAL MATCH (e)-[rf:READY_FOR]->(r)
  CALL (r, e) {
    // What they have, read once from their side (a few edges), not per requirement from the skill's.
    WITH r, COLLECT { MATCH (e)-[h:HAS_SKILL]->(k:Skill) RETURN [k.id, h.level] } AS held
    MATCH (r)-[req:REQUIRES]->(s:Skill)
    WITH s, req, coalesce(head([x IN held WHERE x[0] = s.id | x[1]]), 0.0) AS have
    WHERE have < req.level
    WITH s, req, have, req.level - have AS shortfall
    ORDER BY req.weight * shortfall DESC, s.id
    RETURN collect({skill: s {.id, .name}, required: req.level, have: have, shortfall: shortfall}) AS gaps
  }
  WITH e, fit, rf, gaps,
       rf IS NOT NULL OR EXISTS { (e)<-[:OF]-(:ReadinessAssessment)-[:FOR]->(r) } AS assessed
  ORDER BY fit DESC, e.id ASC
  RETURN collect({
           employee: e {
             .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
             .riskOfLoss, .impactOfLoss, .willingToRelocate
           },
           fit: fit, readiness: rf.readiness, assessedAt: rf.assessedAt, assessed: assessed, gaps: gaps
         }) AS candidates
}
RETURN fresh, candidates
