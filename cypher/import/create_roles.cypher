// Creates roles that do not exist yet (the writer checked, in the same transaction) and places each
// in its org unit (IN_UNIT); returns nothing. A new role has no edges to replace, so the plan
// cannot go wrong on a graph with no roles yet, as `upsert_roles` can.
UNWIND $rows AS row
CREATE (r:Role {id: row.id})
SET r.title = row.title, r.grade = row.grade, r.critical = row.critical,
    r.occupationCode = row.occupation_code
WITH r, row
MATCH (u:OrgUnit {id: row.org_unit_id})
CREATE (r)-[:IN_UNIT]->(u)
