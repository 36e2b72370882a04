// Stores each role's shortlist of best-fit candidates, built at graph version $version (graph/version.py);
// returns nothing.
UNWIND $rows AS row
MATCH (r:Role {id: row.role_id})
SET r.shortlistIds = row.ids, r.shortlistComplete = row.complete, r.shortlistVersion = $version
