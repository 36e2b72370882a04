// Active direct reports of each manager as {employee_id, reports}: the reports by id, as the maps
// employees/get_many returns (so listing them costs no second query).
UNWIND $ids AS id
MATCH (:Employee {id: id})<-[:REPORTS_TO]-(r:Employee)
WHERE r.active
WITH id, r
ORDER BY r.id
RETURN id AS employee_id, collect(r {
  .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
  .riskOfLoss, .impactOfLoss, .willingToRelocate
}) AS reports
