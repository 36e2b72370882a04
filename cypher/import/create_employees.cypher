// Creates employees that do not exist yet (the writer checked, in the same transaction) with the
// roles they hold (HOLDS); returns nothing. A new employee has no edges to replace.
UNWIND $rows AS row
CREATE (e:Employee {id: row.id})
SET e.name = row.name, e.email = row.email, e.title = row.title, e.hiredOn = row.hired_on,
    e.location = row.location, e.active = row.active, e.performance = row.performance,
    e.potential = row.potential, e.riskOfLoss = row.risk_of_loss,
    e.impactOfLoss = row.impact_of_loss, e.willingToRelocate = row.willing_to_relocate
WITH e, row
UNWIND row.role_ids AS role_id
MATCH (r:Role {id: role_id})
MERGE (e)-[h:HOLDS]->(r)
SET h.since = coalesce(row.role_since, e.hiredOn)
