// What a role's succession candidates are worked out from, in one round trip; one row when the role exists,
// none otherwise: ledger (the graph version ledger as version/read gives it, null before the first write),
// shortlist_version, shortlist_size (how many ids the stored shortlist holds), requirements [[skill id, skill name, level, weight]] as stored, and people: for $ids
// (or, when $ids is null, the first $first ids of the role's shortlist) who exist and are active, in no
// particular order, {employee (as employees/get_many), skills [[skill id, level]], readiness, assessedAt,
// assessed (a current READY_FOR or any history entry for the role)}. Fits and gaps: graph/scoring/fit.py.
MATCH (r:Role {id: $role_id})
OPTIONAL MATCH (v:GraphVersion {id: 'graph'})
WITH r, v, coalesce($ids, coalesce(r.shortlistIds, [])[..$first]) AS ids
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
RETURN v {.epoch, .version, .writes, .baseTx, .baseWrites} AS ledger,
       r.shortlistVersion AS shortlist_version,
       size(coalesce(r.shortlistIds, [])) AS shortlist_size,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] AS requirements,
       people
