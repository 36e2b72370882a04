// Constraint: every ReferenceData record (one per completed reference import) has a unique id.
CREATE CONSTRAINT reference_data_id IF NOT EXISTS FOR (n:ReferenceData) REQUIRE n.id IS UNIQUE
