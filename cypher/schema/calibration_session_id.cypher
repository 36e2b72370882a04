// Constraint: every CalibrationSession has a unique id.
CREATE CONSTRAINT calibration_session_id IF NOT EXISTS FOR (n:CalibrationSession) REQUIRE n.id IS UNIQUE
