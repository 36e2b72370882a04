// Which of $ids are Task ids in the graph, as {id} rows.
UNWIND $ids AS id
MATCH (t:Task {id: id})
RETURN t.id AS id
