// Upserts employees by id with the roles they hold (HOLDS), replacing roles not listed; returns nothing.
UNWIND $rows AS row
MERGE (e:Employee {id: row.id})
SET e.name = row.name, e.email = row.email, e.title = row.title, e.hiredOn = row.hired_on,
    e.location = row.location, e.active = row.active, e.performance = row.performance,
    e.potential = row.potential, e.riskOfLoss = row.risk_of_loss,
    e.impactOfLoss = row.impact_of_loss, e.willingToRelocate = row.willing_to_relocate
WITH e, row
OPTIONAL MATCH (e)-[old:HOLDS]->(previous:Role)
WHERE NOT previous.id IN row.role_ids
DELETE old
WITH DISTINCT e, row
UNWIND row.role_ids AS role_id
MATCH (r:Role {id: role_id})
MERGE (e)-[h:HOLDS]->(r)
SET h.since = coalesce(row.role_since, e.hiredOn)
