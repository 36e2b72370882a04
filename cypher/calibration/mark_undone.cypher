// Marks the change $change_id of the calibration session $session_id as undone by the change $undone_by;
// returns {id}, or nothing when the session has no such change.
MATCH (:CalibrationSession {id: $session_id})-[:MADE]->(c:CalibrationChange {id: $change_id})
SET c.undoneBy = $undone_by
RETURN c.id AS id
