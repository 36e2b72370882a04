// Records that a demo load of $employees employees with seed $seed, its dates counted back from
// $reference (null while a reset empties the graph), has begun and is not complete
// (graph/demo/loading.py writes it before anything else); returns nothing.
MERGE (d:DemoLoad {id: 'demo'})
SET d.employees = $employees, d.seed = $seed, d.reference = $reference, d.startedAt = datetime(),
  d.completedAt = null
