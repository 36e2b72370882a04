// Constraint: every RatingAssessment (the append-only history of performance and potential) has a unique id.
CREATE CONSTRAINT rating_assessment_id IF NOT EXISTS FOR (n:RatingAssessment) REQUIRE n.id IS UNIQUE
