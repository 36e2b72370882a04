// What one vacancy-chain step (DESIGN §4) is chosen from: the role (as roles/get_many), the ids of its
// incumbents, its requirements [[skill id, skill name, level, weight]] and its acceptable nominated successors — active, not holding the role, current READY_FOR
// it of READY_NOW or READY_1_2_YEARS (3–5 years is too far off to fill a vacancy), not among $exclude_ids —
// in no particular order, as {employee (as employees/get_many), readiness, skills [[skill id, level]], holds
// (the roles they hold, as roles/get_many)}. One row; the choice: graph/services/succession.py.
MATCH (r:Role {id: $role_id})
RETURN r {.id, .title, .grade, .critical, .occupationCode} AS role,
       [(r)<-[:HOLDS]-(i:Employee) | i.id] AS incumbents,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] AS requirements,
       COLLECT {
         MATCH (r)<-[rf:READY_FOR]-(e:Employee)
         WHERE e.active AND rf.readiness IN ['READY_NOW', 'READY_1_2_YEARS'] AND NOT e.id IN $exclude_ids
           AND NOT EXISTS { (e)-[:HOLDS]->(r) }
         RETURN {
           employee: e {
             .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
             .riskOfLoss, .impactOfLoss, .willingToRelocate
           },
           readiness: rf.readiness,
           skills: [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]],
           holds: [(e)-[:HOLDS]->(h:Role) | h {.id, .title, .grade, .critical, .occupationCode}]
         }
       } AS nominees
