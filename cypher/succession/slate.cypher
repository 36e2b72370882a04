// What a role's slate (DESIGN §4) is worked out from, in one row {exists, requirements, nominees}: exists says
// whether the role does; requirements [[skill id, skill name, level, weight]] as stored; nominees: active
// employees who do not hold it and have a current READY_FOR it, in no particular order, as {employee (as
// employees/get_many), readiness, assessedAt, assessedBy, skills [[skill id, level]]}. Order and fits:
// graph/services/succession.py with graph/scoring/fit.py.
OPTIONAL MATCH (r:Role {id: $role_id})
RETURN r IS NOT NULL AS exists,
       CASE WHEN r IS NULL THEN [] ELSE [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] END
         AS requirements,
       CASE WHEN r IS NULL THEN [] ELSE COLLECT {
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
       } END AS nominees
