// 9-box ratings of the active holders of roles in the org units $org_unit_ids and the units below them (of
// any role when null) who have both a performance and a potential rating, one row per occupied cell:
// {performance, potential, employees [employee maps] by id}.
CALL () {
  MATCH (u:OrgUnit)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(:Role)<-[:HOLDS]-(e:Employee)
  WHERE u.id IN $org_unit_ids
  RETURN e
  UNION
  MATCH (:Role)<-[:HOLDS]-(e:Employee)
  WHERE $org_unit_ids IS NULL
  RETURN e
}
WITH e
WHERE e.active AND e.performance IS NOT NULL AND e.potential IS NOT NULL
WITH e
ORDER BY e.id
RETURN e.performance AS performance, e.potential AS potential,
       collect(e {
         .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
         .riskOfLoss, .impactOfLoss, .willingToRelocate
       }) AS employees
