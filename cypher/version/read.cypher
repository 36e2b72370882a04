// The graph version ledger (graph/version.py) as one row {ledger: {epoch, version, writes, baseTx,
// baseWrites}}; ledger is null before TalentGraph's first write.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
RETURN v {.epoch, .version, .writes, .baseTx, .baseWrites} AS ledger
