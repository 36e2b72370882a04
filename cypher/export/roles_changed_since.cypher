// Ids of the roles whose slate changed at or after $since (any assessment or withdrawal), as {role_id}.
MATCH (a:ReadinessAssessment)-[:FOR]->(r:Role)
WHERE a.assessedAt >= $since
RETURN DISTINCT r.id AS role_id
