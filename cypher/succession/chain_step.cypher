// What one step of several vacancy chains (DESIGN §4) is chosen from: for each of $steps ({key, role_id,
// exclude_ids}) whose role exists, one row (in no particular order): the step's key, the role (as
// roles/get_many), the ids of its incumbents, its requirements [[skill id, skill name, level, weight]] and its
// acceptable nominated successors — active, not holding the role, current READY_FOR it of READY_NOW or
// READY_1_2_YEARS (3–5 years is too far off to fill a vacancy), not among the step's exclude_ids — in no
// particular order, as {employee (as employees/get_many), readiness, skills [[skill id, level]], holds (the
// roles they hold, as roles/get_many)}. The choice: graph/services/succession.py.
UNWIND $steps AS step
MATCH (r:Role {id: step.role_id})
RETURN step.key AS key,
       r {.id, .title, .grade, .critical, .occupationCode} AS role,
       [(r)<-[:HOLDS]-(i:Employee) | i.id] AS incumbents,
       [(r)-[q:REQUIRES]->(s:Skill) | [s.id, s.name, q.level, q.weight]] AS requirements,
       COLLECT {
         MATCH (r)<-[rf:READY_FOR]-(e:Employee)
         WHERE e.active AND rf.readiness IN ['READY_NOW', 'READY_1_2_YEARS']
           AND NOT e.id IN step.exclude_ids AND NOT EXISTS { (e)-[:HOLDS]->(r) }
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
