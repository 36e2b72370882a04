// Constraint: every Requisition has a unique id.
CREATE CONSTRAINT requisition_id IF NOT EXISTS FOR (n:Requisition) REQUIRE n.id IS UNIQUE
