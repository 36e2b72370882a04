// What the succession candidates of the roles $role_ids are worked out from, in one round trip; one row per
// role that exists (in no particular order): role_id, ledger (the graph version ledger as version/read gives
// it, null before the first write), shortlist_version, requirements [[skill id, skill name, level, weight]] as
// stored, and people: for the ids $ids[role id] (or, when $ids is null or has no entry for the role, the first
// $first ids of the role's shortlist) who exist and are active, in no particular order, {employee (as
// employees/get_many), skills [[skill id, level]], readiness, assessedAt, assessed (a current READY_FOR or any
// history entry for the role)}. Fits and gaps: graph/scoring/fit.py.
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH v
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})
WITH r, v, coalesce($ids[role_id], coalesce(r.shortlistIds, [])[..$first]) AS ids
CALL (r, ids) {
  UNWIND ids AS id
  MATCH (e:Employee {id: id})
  WHERE e.active
  OPTIONAL MATCH (e)-[rf:READY_FOR]->(r)
  RETURN collect({
           employee: e {
             .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
             .riskOfLoss, .impactOfLoss, .willingToRelocate
           },
           skills: [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]],
           readiness: rf.readiness, assessedAt: rf.assessedAt,
           assessed: rf IS NOT NULL OR EXISTS { (e)<-[:OF]-(:ReadinessAssessment)-[:FOR]->(r) }
         }) AS people
}
RETURN r.id AS role_id,
       v {.epoch, .version, .writes, .baseTx, .baseWrites} AS ledger,
       r.shortlistVersion AS shortlist_version,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] AS requirements,
       people
