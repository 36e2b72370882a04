// Constraint: every EmploymentEvent has a unique id.
CREATE CONSTRAINT employment_event_id IF NOT EXISTS FOR (n:EmploymentEvent) REQUIRE n.id IS UNIQUE
