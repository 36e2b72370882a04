// Records readiness assessments in the append-only history (an existing id is left as it was);
// returns nothing.
UNWIND $rows AS row
MATCH (e:Employee {id: row.employee_id})
MATCH (r:Role {id: row.role_id})
MERGE (a:ReadinessAssessment {id: row.id})
ON CREATE SET a.kind = 'ASSESSED', a.readiness = row.readiness, a.assessedBy = row.assessed_by,
              a.assessedAt = row.assessed_at, a.note = row.note
MERGE (a)-[:OF]->(e)
MERGE (a)-[:FOR]->(r)
