// Constraint: every OrgUnit has a unique id.
CREATE CONSTRAINT org_unit_id IF NOT EXISTS FOR (n:OrgUnit) REQUIRE n.id IS UNIQUE
