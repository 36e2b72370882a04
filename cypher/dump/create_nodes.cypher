// Creates one node per row with the row's labels and properties (restore); returns each row's
// index `i` with the new node's element id.
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.i AS i, elementId(n) AS element_id
