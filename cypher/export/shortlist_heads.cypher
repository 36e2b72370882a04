// The heads of fresh shortlists, for roles of the readiness export whose best candidates the few people
// scanned with the page could not settle, as one record {heads}: for each role id in $role_ids,
// [role id, ids], ids = the first $scan ids of the role's shortlist (graph/fit_index.py, best first) of
// people never assessed for it (no current READY_FOR, no history); the caller skips incumbents and
// inactive people.
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})
WITH r, COLLECT { MATCH (r)<-[:READY_FOR]-(x:Employee) RETURN x.id } +
        COLLECT { MATCH (r)<-[:FOR]-(:ReadinessAssessment)-[:OF]->(x:Employee) RETURN x.id } AS assessed
RETURN collect([r.id, [id IN r.shortlistIds WHERE NOT id IN assessed][..$scan]]) AS heads
