// Counts the TalentGraph write transaction this statement runs in (graph/version.py): it runs first, so
// the ledger's lock orders our writes; bumps the version when $scores (the write may change what a derived
// figure is computed from). A new ledger gets a random epoch, so versions never repeat after a wipe.
// Returns {epoch, version, writes} as they will be once this transaction commits.
MERGE (v:GraphVersion {id: 'graph'})
ON CREATE SET v.epoch = randomUUID(), v.version = 0, v.writes = 0
SET v.writes = v.writes + 1,
    v.version = v.version + CASE WHEN $scores THEN 1 ELSE 0 END
RETURN v.epoch AS epoch, v.version AS version, v.writes AS writes
