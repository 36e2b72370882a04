// Upserts roles by id and places each in its org unit (IN_UNIT), replacing any other; returns nothing.
UNWIND $rows AS row
MERGE (r:Role {id: row.id})
SET r.title = row.title, r.grade = row.grade, r.critical = row.critical,
    r.occupationCode = row.occupation_code
WITH r, row
OPTIONAL MATCH (r)-[old:IN_UNIT]->(previous:OrgUnit)
WHERE previous.id <> row.org_unit_id
DELETE old
WITH DISTINCT r, row
MATCH (u:OrgUnit {id: row.org_unit_id})
MERGE (r)-[:IN_UNIT]->(u)
