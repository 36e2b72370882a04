// One page of the readiness export: the first $first roles with id > $after, by id, in scope (critical
// ones only when $critical_only; in org unit $org_unit_id or a unit below it when not null; only roles
// with an assessment or withdrawal at or after $since when not null), as one record {roles, people}
// (one record, not one per role: the async driver spends far more on a record than on its values).
// roles: a map per role, by id, {role_id, role_title, critical, org_unit [id, name], incumbent_ids,
// ready_now, nominated, bench_score, key_person_risk, exposure, exposure_source, reqs, nominees, fresh,
// complete, scan, exhausted}. Bench figures repeat succession/bench, exposure exposure/of_roles.
// nominees: the nominated successors (active, not holding the role) as [id, name, readiness,
// assessedAt, assessedBy], in no particular order, assessedAt as [epoch seconds, nanosecond, offset
// seconds] (the driver's DateTime values are slow to build). When $candidates > 0 and the role's
// shortlist is fresh (built at the current fit version, graph/fit_index.py; fresh says so): scan = the
// first $scan ids of the shortlist that are neither incumbents nor ever assessed for the role,
// exhausted = the whole shortlist was taken; otherwise scan is empty. complete = the shortlist holds
// every eligible candidate. reqs (empty for a role with neither nominees nor a shortlist to scan): its
// requirements as [skill id, skill name, level, weight], in the order succession/slate sums them (its
// REQUIRES relationships as the store lists them). people: the page's nominees and scanned people, each
// once, as export/people gives them. Fits and gaps are worked out by the caller
// (graph/services/export_fits.py).
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
  WITH s, rf, CASE WHEN s IS NULL THEN 1
                   ELSE COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } } END AS n
  RETURN count(CASE rf.readiness WHEN 'READY_NOW' THEN 1 END) AS now, count(rf) AS nominated,
         sum(CASE rf.readiness
               WHEN 'READY_NOW' THEN $weight_ready_now
               WHEN 'READY_1_2_YEARS' THEN $weight_ready_1_2_years
               WHEN 'READY_3_5_YEARS' THEN $weight_ready_3_5_years
               ELSE 0.0
             END / n) AS score,
         collect(CASE WHEN s IS NOT NULL THEN
                   [s.id, s.name, rf.readiness,
                    [rf.assessedAt.epochSeconds, rf.assessedAt.nanosecond, rf.assessedAt.offsetSeconds],
                    rf.assessedBy]
                 END) AS nominees
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
WITH version, r, now, nominated, nominees, holders, incumbents, round(toFloat(score), 12) AS score,
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
WITH version, r, now, nominated, nominees, holders, incumbents, score, risk,
     CASE WHEN den > 0 THEN toFloat(num) / den ELSE occupational END AS exposure,
     CASE WHEN den > 0 THEN 'ROLE_TASKS' ELSE $occupation_source END AS source
OPTIONAL CALL (r, holders, version) {
  WITH r, holders
  WHERE $candidates > 0 AND r.shortlistVersion = version
  WITH r, holders + COLLECT { MATCH (r)<-[:READY_FOR]-(x:Employee) RETURN x.id } +
       COLLECT { MATCH (r)<-[:FOR]-(:ReadinessAssessment)-[:OF]->(x:Employee) RETURN x.id } AS excluded
  RETURN size(r.shortlistIds) <= $scan AS exhausted,
         [id IN r.shortlistIds[..$scan + size(excluded)] WHERE NOT id IN excluded][..$scan] AS scan
}
WITH collect({
         role_id: r.id, role_title: r.title, critical: r.critical,
         org_unit: head(COLLECT { MATCH (r)-[:IN_UNIT]->(u:OrgUnit) RETURN [u.id, u.name] }),
         incumbent_ids: incumbents, ready_now: now, nominated: nominated, bench_score: score,
         key_person_risk: risk, exposure: exposure,
         exposure_source: CASE WHEN exposure IS NOT NULL THEN source END,
         reqs: CASE WHEN size(nominees) > 0 OR scan IS NOT NULL
                 THEN [(r)-[req:REQUIRES]->(s:Skill) | [s.id, s.name, req.level, req.weight]] ELSE [] END,
         nominees: nominees,
         fresh: coalesce(r.shortlistVersion = version, false),
         complete: coalesce(r.shortlistComplete, false), scan: coalesce(scan, []),
         exhausted: coalesce(exhausted, false)
       }) AS roles
CALL (roles) {
  UNWIND roles AS role
  UNWIND [nominee IN role.nominees | nominee[0]] + role.scan AS id
  WITH DISTINCT id
  MATCH (e:Employee {id: id})
  RETURN collect([e.id, e.name, e.active, [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]]) AS people
}
RETURN roles, people
