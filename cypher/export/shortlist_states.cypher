// For each role in $role_ids: whether its candidate shortlist is fresh (built at the current fit
// version) and complete (holds every eligible candidate), and its size, as {role_id, fresh, complete, size}.
OPTIONAL MATCH (v:GraphVersion {id: 'fit'})
WITH coalesce(v.version, 0) AS version
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})
RETURN role_id, r.shortlistVersion IS NOT NULL AND r.shortlistVersion = version AS fresh,
       coalesce(r.shortlistComplete, false) AS complete, size(coalesce(r.shortlistIds, [])) AS size
