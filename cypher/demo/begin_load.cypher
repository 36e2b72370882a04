// Records that a demo load of $employees employees with seed $seed has begun and is not complete
// (graph/demo/loading.py writes it before anything else); returns nothing.
MERGE (d:DemoLoad {id: 'demo'})
SET d.employees = $employees, d.seed = $seed, d.startedAt = datetime(), d.completedAt = null
