// Upserts org units by id; returns nothing.
UNWIND $rows AS row
MERGE (u:OrgUnit {id: row.id})
SET u.name = row.name
