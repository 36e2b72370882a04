// Adds $subject to the participants of the calibration session $session_id unless already there; returns
// {participants}.
MATCH (s:CalibrationSession {id: $session_id})
SET s.participants = CASE WHEN $subject IN coalesce(s.participants, []) THEN s.participants
                          ELSE coalesce(s.participants, []) + $subject END
RETURN s.participants AS participants
