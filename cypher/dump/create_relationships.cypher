// Creates one relationship per row, of the row's type and with its properties, between the nodes
// with element ids row.source and row.target (restore); returns how many were created.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.source
MATCH (b) WHERE elementId(b) = row.target
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS created
