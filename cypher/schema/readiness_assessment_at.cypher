// Index: assessments by time, for "what changed since".
CREATE INDEX readiness_assessment_at IF NOT EXISTS FOR (n:ReadinessAssessment) ON (n.assessedAt)
