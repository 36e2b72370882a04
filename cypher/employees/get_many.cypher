// Employees by id, as {employee} maps; ids that match nobody are absent.
UNWIND $ids AS id
MATCH (e:Employee {id: id})
RETURN e {
  .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
  .riskOfLoss, .impactOfLoss, .willingToRelocate
} AS employee
