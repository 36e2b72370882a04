// The fit version: bumped by every write that can change a skill fit or who is eligible, as {version}.
OPTIONAL MATCH (v:GraphVersion {id: 'fit'})
RETURN coalesce(v.version, 0) AS version
