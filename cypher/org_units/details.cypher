// Org units by id with what a unit's page shows, as {org_unit {id, name}, parent {id, name} (null at the top),
// children [{id, name}] (by lower-cased name, then id), headcount (active people holding a role in the unit
// or a unit below it, each counted once), head (the active incumbent of the unit's highest-grade role, ties
// by role id then person id, as employees/get_many maps; null when no role of the unit has one)}; ids that
// match nothing are absent.
UNWIND $ids AS id
MATCH (u:OrgUnit {id: id})
RETURN u {.id, .name} AS org_unit,
       head(COLLECT { MATCH (u)-[:PART_OF]->(p:OrgUnit) WITH p ORDER BY p.id RETURN p {.id, .name} }) AS parent,
       COLLECT {
         MATCH (u)<-[:PART_OF]-(c:OrgUnit)
         WITH c ORDER BY toLower(c.name), c.id
         RETURN c {.id, .name}
       } AS children,
       size(COLLECT {
         MATCH (u)<-[:PART_OF*0..]-(:OrgUnit)<-[:IN_UNIT]-(:Role)<-[:HOLDS]-(e:Employee)
         WHERE e.active
         RETURN DISTINCT e.id
       }) AS headcount,
       head(COLLECT {
         MATCH (u)<-[:IN_UNIT]-(r:Role)<-[:HOLDS]-(e:Employee)
         WHERE e.active
         WITH r, e ORDER BY r.grade DESC, r.id, e.id
         RETURN e {
           .id, .name, .email, .title, .hiredOn, .location, .active, .performance, .potential,
           .riskOfLoss, .impactOfLoss, .willingToRelocate
         }
       }) AS head
