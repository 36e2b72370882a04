// What the slates (DESIGN §4) of the roles $role_ids are worked out from, one row per role that exists (in no
// particular order): role_id, requirements [[skill id, skill name, level, weight]] as stored, and nominees:
// active employees who do not hold it and have a current READY_FOR it, in no particular order, as {employee
// (as employees/get_many), readiness, assessedAt, assessedBy, skills [[skill id, level]]}. Order and fits:
// graph/services/succession.py with graph/scoring/fit.py.
UNWIND $role_ids AS role_id
MATCH (r:Role {id: role_id})
RETURN r.id AS role_id,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] AS requirements,
       COLLECT {
         MATCH (r)<-[rf:READY_FOR]-(e:Employee)
         WHERE e.active AND NOT EXISTS { (e)-[:HOLDS]->(r) }
         RETURN {
           employee: e {
             .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
             .riskOfLoss, .impactOfLoss, .willingToRelocate
           },
           readiness: rf.readiness, assessedAt: rf.assessedAt, assessedBy: rf.assessedBy,
           skills: [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]
         }
       } AS nominees
