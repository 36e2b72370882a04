// Each of $values rounded to 12 decimals by Neo4j, as one record {rounded}, in the same order. The
// readiness export works fits out in Python and has them rounded here, so that they are the numbers
// Cypher's round(x, 12) gives everywhere else: it rounds Java's decimal text of x, half up, which
// Python's round does not match in every last digit.
RETURN [x IN $values | round(x, 12)] AS rounded
