// Employees by id with, when asked for, what an employee page shows with them, in one round trip:
// {employee (as employees/get_many), skills (as employees/skills_of; null unless $skills), reports (as
// employees/reports_of, every one; null unless $reports)}; ids that match nobody are absent.
UNWIND $ids AS id
MATCH (e:Employee {id: id})
RETURN e {
  .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
  .riskOfLoss, .impactOfLoss, .willingToRelocate
} AS employee,
CASE WHEN $skills THEN COLLECT {
  MATCH (e)-[h:HAS_SKILL]->(s:Skill)
  WITH h, s
  ORDER BY s.id
  RETURN {skill: s {.id, .name}, level: h.level}
} END AS skills,
CASE WHEN $reports THEN COLLECT {
  MATCH (e)<-[:REPORTS_TO]-(r:Employee)
  WHERE r.active
  WITH r
  ORDER BY r.id
  RETURN r {
    .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
    .riskOfLoss, .impactOfLoss, .willingToRelocate
  }
} END AS reports
