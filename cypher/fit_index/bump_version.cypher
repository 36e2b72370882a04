// Bumps the fit version (in the same transaction as a write that can change fits); returns nothing.
MERGE (v:GraphVersion {id: 'fit'})
SET v.version = coalesce(v.version, 0) + 1
