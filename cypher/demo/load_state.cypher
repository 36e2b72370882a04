// The last demo load as {employees, seed, reference (null for a load recorded without one),
// startedAt, completedAt (null while it is not complete)}, or no row when no demo was ever loaded.
MATCH (d:DemoLoad {id: 'demo'})
RETURN d.employees AS employees, d.seed AS seed, d.reference AS reference, d.startedAt AS startedAt,
  d.completedAt AS completedAt
