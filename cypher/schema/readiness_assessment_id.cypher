// Constraint: every ReadinessAssessment has a unique id.
CREATE CONSTRAINT readiness_assessment_id IF NOT EXISTS FOR (n:ReadinessAssessment) REQUIRE n.id IS UNIQUE
