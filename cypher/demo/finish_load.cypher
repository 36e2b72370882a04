// Records that the demo load of $employees employees with seed $seed wrote every row (the last
// write of the load); returns nothing.
MATCH (d:DemoLoad {id: 'demo'})
WHERE d.employees = $employees AND d.seed = $seed
SET d.completedAt = datetime()
