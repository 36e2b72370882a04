// Active direct reports of each manager as {employee_id, reports}: every one, by id, as the maps
// employees/get_many returns (so listing them costs no second query; the API pages them).
UNWIND $ids AS id
MATCH (m:Employee {id: id})
RETURN id AS employee_id, COLLECT {
  MATCH (m)<-[:REPORTS_TO]-(r:Employee)
  WHERE r.active
  WITH r
  ORDER BY r.id
  RETURN r {
    .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
    .riskOfLoss, .impactOfLoss, .willingToRelocate
  }
} AS reports
