// Returns ok = 1 once the database answers queries (readiness).
RETURN 1 AS ok
