// The last demo load as {employees, seed, startedAt, completedAt (null while it is not complete)},
// or no row when no demo was ever loaded.
MATCH (d:DemoLoad {id: 'demo'})
RETURN d.employees AS employees, d.seed AS seed, d.startedAt AS startedAt, d.completedAt AS completedAt
