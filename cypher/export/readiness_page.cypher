// One page of the readiness export: the first $first roles with id > $after, by id, in scope (critical
// ones only when $critical_only; in org unit $org_unit_id or a unit below it when not null; only roles
// with an assessment or withdrawal at or after $since when not null). One record per role: {role_id,
// role_title, critical, org_unit [id, name], incumbent_ids, ready_now, nominated, bench_score,
// key_person_risk, exposure, exposure_source, slate, fresh, complete, reqs, candidates, found, lowest,
// exhausted}. Bench figures repeat succession/bench, exposure exposure/of_roles. slate: the nominated
// successors in slate order as [id, name, readiness, assessedAt, assessedBy, fit, gapCount, topGaps],
// fit and gaps as succession/slate (gaps by weight x shortfall desc, then skill id; the $top_gaps
// largest by name). When $candidates > 0 and the role's shortlist is fresh (built at the current fit
// version, graph/fit_index.py; fresh says so): the first $scan eligible never-assessed people of the
// shortlist are scored with the fit expression of succession/list_candidates; candidates = the best
// $candidates as [id, name, fit, held [[skill id, level]]], found = how many were scored, lowest = the
// lowest fit scored, exhausted = the whole shortlist was scanned, reqs = the role's requirements as
// [skill id, skill name, level, weight] (gaps are worked out by the caller); complete = the shortlist
// holds every eligible candidate.
OPTIONAL MATCH (v:GraphVersion {id: 'fit'})
WITH coalesce(v.version, 0) AS version
MATCH (r:Role)
WHERE r.id > $after AND (r.critical OR NOT $critical_only)
  AND ($org_unit_id IS NULL OR
       EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(:OrgUnit {id: $org_unit_id}) })
  AND ($since IS NULL OR EXISTS { (r)<-[:FOR]-(a:ReadinessAssessment) WHERE a.assessedAt >= $since })
WITH version, r
ORDER BY r.id
LIMIT $first
CALL (r) {
  OPTIONAL MATCH (s:Employee)-[rf:READY_FOR]->(r)
  WHERE s.active AND NOT EXISTS { (s)-[:HOLDS]->(r) }
  WITH rf, CASE WHEN s IS NULL THEN 1
                ELSE COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } } END AS n
  RETURN count(CASE rf.readiness WHEN 'READY_NOW' THEN 1 END) AS now, count(rf) AS nominated,
         sum(CASE rf.readiness
               WHEN 'READY_NOW' THEN $weight_ready_now
               WHEN 'READY_1_2_YEARS' THEN $weight_ready_1_2_years
               WHEN 'READY_3_5_YEARS' THEN $weight_ready_3_5_years
               ELSE 0.0
             END / n) AS score
}
CALL (r) {
  OPTIONAL MATCH (i:Employee)-[:HOLDS]->(r)
  WITH i
  ORDER BY i.id
  RETURN collect(i.id) AS holders, collect(CASE WHEN i.active THEN i.id END) AS incumbents,
         max(CASE WHEN i.active THEN
               CASE i.riskOfLoss WHEN 'LOW' THEN 0.1 WHEN 'HIGH' THEN 0.6 ELSE 0.3 END *
               CASE i.impactOfLoss WHEN 'LOW' THEN 1.0 / 3 WHEN 'HIGH' THEN 1.0 ELSE 2.0 / 3 END
             END) AS exposure
}
WITH version, r, now, nominated, holders, incumbents, round(toFloat(score), 12) AS score,
     round(coalesce(exposure, 0.0) * (1.0 - CASE WHEN score < 1 THEN score ELSE 1.0 END), 12) AS risk
CALL (r) {
  MATCH (r)-[p:PERFORMS]->(k:Task)
  WHERE k.exposure IS NOT NULL
  RETURN sum(coalesce(p.weight, 1.0) * k.exposure) AS num, sum(coalesce(p.weight, 1.0)) AS den
}
CALL (r) {
  OPTIONAL MATCH (r)-[:MAPS_TO]->(o:Occupation)
  RETURN min(o[$occupation_property]) AS occupational
}
WITH version, r, now, nominated, holders, incumbents, score, risk,
     CASE WHEN den > 0 THEN toFloat(num) / den ELSE occupational END AS exposure,
     CASE WHEN den > 0 THEN 'ROLE_TASKS' ELSE $occupation_source END AS source
CALL (r) {
  MATCH (r)<-[rf:READY_FOR]-(e:Employee)
  WHERE e.active AND NOT EXISTS { (e)-[:HOLDS]->(r) }
  CALL (r, e) {
    OPTIONAL MATCH (r)-[req:REQUIRES]->(s:Skill)
    OPTIONAL MATCH (e)-[h:HAS_SKILL]->(s)
    WITH s, req, coalesce(h.level, 0.0) AS have
    WITH sum(req.weight * req.level) AS total,
         sum(req.weight * CASE WHEN have < req.level THEN have ELSE req.level END) AS covered,
         collect(CASE WHEN have < req.level THEN [req.weight * (req.level - have), s.id, s.name] END) AS gaps
    CALL (gaps) {
      UNWIND gaps AS gap
      WITH gap
      ORDER BY gap[0] DESC, gap[1]
      RETURN count(gap) AS gapCount, collect(gap[2])[..$top_gaps] AS topGaps
    }
    RETURN CASE WHEN total > 0 THEN round(toFloat(covered) / total, 12) ELSE 0.0 END AS fit, gapCount, topGaps
  }
  WITH e, rf, fit, gapCount, topGaps
  ORDER BY CASE rf.readiness WHEN 'READY_NOW' THEN 0 WHEN 'READY_1_2_YEARS' THEN 1 ELSE 2 END, fit DESC, e.id
  RETURN collect([e.id, e.name, rf.readiness, rf.assessedAt, rf.assessedBy, fit, gapCount, topGaps]) AS slate
}
OPTIONAL CALL (r, holders, version) {
  WITH r, holders
  WHERE $candidates > 0 AND r.shortlistVersion = version
  CALL (r) {
    MATCH (r)-[req:REQUIRES]->(s:Skill)
    RETURN sum(req.weight * req.level) AS total, collect([s.id, s.name, req.level, req.weight]) AS reqs
  }
  WITH r, total, reqs,
       holders + COLLECT { MATCH (r)<-[:READY_FOR]-(x:Employee) RETURN x.id } +
       COLLECT { MATCH (r)<-[:FOR]-(:ReadinessAssessment)-[:OF]->(x:Employee) RETURN x.id } AS excluded
  WHERE total > 0
  WITH r, total, reqs, size(r.shortlistIds) <= $scan AS exhausted,
       [id IN r.shortlistIds[..$scan + size(excluded)] WHERE NOT id IN excluded][..$scan] AS scan_ids
  CALL (r, total, scan_ids) {
    UNWIND scan_ids AS shortlisted
    MATCH (e:Employee {id: shortlisted})
    WHERE e.active
    MATCH (r)-[req:REQUIRES]->(s:Skill)<-[h:HAS_SKILL]-(e)
    WHERE h.level > 0
    WITH e, sum(req.weight * CASE WHEN h.level < req.level THEN h.level ELSE req.level END) AS covered,
         collect([s.id, h.level]) AS held
    RETURN e, held, round(toFloat(covered) / total, 12) AS fit
  }
  WITH reqs, exhausted, e, held, fit
  ORDER BY fit DESC, e.id ASC
  WITH reqs, exhausted, collect([e.id, e.name, fit, held]) AS scored
  RETURN reqs, scored[..$candidates] AS candidates, size(scored) AS found, scored[-1][2] AS lowest, exhausted
}
RETURN r.id AS role_id, r.title AS role_title, r.critical AS critical,
       head(COLLECT { MATCH (r)-[:IN_UNIT]->(u:OrgUnit) RETURN [u.id, u.name] }) AS org_unit,
       incumbents AS incumbent_ids, now AS ready_now, nominated, score AS bench_score, risk AS key_person_risk,
       exposure, CASE WHEN exposure IS NOT NULL THEN source END AS exposure_source, slate,
       coalesce(r.shortlistVersion = version, false) AS fresh, coalesce(r.shortlistComplete, false) AS complete,
       reqs, coalesce(candidates, []) AS candidates, coalesce(found, 0) AS found, lowest,
       coalesce(exhausted, false) AS exhausted
