// 9-box ratings of the active holders of roles in the org unit $org_unit_id and the units below it (of any
// role when null) who have both a performance and a potential rating, one row per occupied cell:
// {performance, potential, employees [employee maps] by id}.
CALL () {
  MATCH (:OrgUnit {id: $org_unit_id})<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(:Role)<-[:HOLDS]-(e:Employee)
  RETURN e
  UNION
  MATCH (:Role)<-[:HOLDS]-(e:Employee)
  WHERE $org_unit_id IS NULL
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
