// Bench strength (DESIGN §4) of the roles in the org units $org_unit_ids and the units below them (every
// role when null), critical ones only when $critical_only. Nominated successors: active, not holding the role,
// with a current READY_FOR it; each counts weight(readiness) / n, n = the READY_FOR edges they have to roles
// they do not hold. keyPersonRisk = max over active incumbents of p(riskOfLoss) * impact(impactOfLoss) *
// (1 - min(1, benchScore)), 0.0 without an active incumbent. Both figures rounded to 12 decimals (a stable
// sort key). By keyPersonRisk desc, then role id, after the cursor ($after_risk, $after_role_id; null for the
// first page), at most $first. One row: {items [{role {id, title, grade, critical, occupationCode},
// incumbents [employee maps, by id], readyNow, readyOneToTwoYears, readyThreeToFiveYears, benchScore,
// keyPersonRisk}]} (a single row is much cheaper for the driver than one per role).
CALL () {
  MATCH (u:OrgUnit)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(r:Role)
  WHERE u.id IN $org_unit_ids
  RETURN r
  UNION
  MATCH (r:Role)
  WHERE $org_unit_ids IS NULL
  RETURN r
}
WITH r
WHERE r.critical OR NOT $critical_only
CALL (r) {
  OPTIONAL MATCH (s:Employee)-[rf:READY_FOR]->(r)
  WHERE s.active AND NOT EXISTS { (s)-[:HOLDS]->(r) }
  WITH rf, CASE WHEN s IS NULL THEN 1
                ELSE COUNT { (s)-[:READY_FOR]->(o:Role) WHERE NOT EXISTS { (s)-[:HOLDS]->(o) } } END AS n
  RETURN count(CASE rf.readiness WHEN 'READY_NOW' THEN 1 END) AS now,
         count(CASE rf.readiness WHEN 'READY_1_2_YEARS' THEN 1 END) AS soon,
         count(CASE rf.readiness WHEN 'READY_3_5_YEARS' THEN 1 END) AS later,
         sum(CASE rf.readiness
               WHEN 'READY_NOW' THEN $weight_ready_now
               WHEN 'READY_1_2_YEARS' THEN $weight_ready_1_2_years
               WHEN 'READY_3_5_YEARS' THEN $weight_ready_3_5_years
               ELSE 0.0
             END / n) AS score
}
CALL (r) {
  OPTIONAL MATCH (i:Employee)-[:HOLDS]->(r)
  WHERE i.active
  WITH i
  ORDER BY i.id
  RETURN collect(i {
           .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
           .riskOfLoss, .impactOfLoss, .willingToRelocate
         }) AS incumbents,
         max(CASE WHEN i IS NOT NULL THEN
               CASE i.riskOfLoss WHEN 'LOW' THEN 0.1 WHEN 'HIGH' THEN 0.6 ELSE 0.3 END *
               CASE i.impactOfLoss WHEN 'LOW' THEN 1.0 / 3 WHEN 'HIGH' THEN 1.0 ELSE 2.0 / 3 END
             END) AS exposure
}
WITH r, incumbents, now, soon, later, round(toFloat(score), 12) AS score,
     round(coalesce(exposure, 0.0) * (1.0 - CASE WHEN score < 1 THEN score ELSE 1.0 END), 12) AS risk
WHERE $after_role_id IS NULL OR risk < $after_risk OR (risk = $after_risk AND r.id > $after_role_id)
WITH r, {
  role: r {.id, .title, .grade, .critical, .occupationCode}, incumbents: incumbents, readyNow: now,
  readyOneToTwoYears: soon, readyThreeToFiveYears: later, benchScore: score, keyPersonRisk: risk
} AS item
ORDER BY item.keyPersonRisk DESC, r.id
LIMIT $first
RETURN collect(item) AS items
