// Whether a role's candidate shortlist was built at the current fit version, as {fresh};
// no row when the role does not exist.
MATCH (r:Role {id: $role_id})
OPTIONAL MATCH (v:GraphVersion {id: 'fit'})
RETURN r.shortlistVersion IS NOT NULL AND r.shortlistVersion = coalesce(v.version, 0) AS fresh
