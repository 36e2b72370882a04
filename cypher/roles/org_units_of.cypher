// The org unit of each role as {role_id, org_unit {id, name}}.
UNWIND $ids AS id
MATCH (:Role {id: id})-[:IN_UNIT]->(u:OrgUnit)
RETURN id AS role_id, u {.id, .name} AS org_unit
