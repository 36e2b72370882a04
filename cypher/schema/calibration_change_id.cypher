// Constraint: every CalibrationChange has a unique id.
CREATE CONSTRAINT calibration_change_id IF NOT EXISTS FOR (n:CalibrationChange) REQUIRE n.id IS UNIQUE
