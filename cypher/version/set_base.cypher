// Records that every transaction up to number $number is accounted for, $writes of ours among them counted
// (graph/version.py), unless a later base is already recorded; returns nothing.
MATCH (v:GraphVersion {id: 'graph'})
WHERE v.baseTx IS NULL OR v.baseTx < $number
SET v.baseTx = $number, v.baseWrites = $writes
