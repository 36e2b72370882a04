// Sets a person's performance and potential and appends a RatingAssessment to the rating history, linked
// (h)-[:OF]->(e), with the previous ratings, who and when (server clock). Returns {rating {id, employeeId,
// performance, potential, previousPerformance, previousPotential, assessedBy, assessedAt, note}}.
MATCH (e:Employee {id: $employee_id})
WITH e, e.performance AS previous_performance, e.potential AS previous_potential,
     datetime.truncate('microsecond', datetime.realtime()) AS now
SET e.performance = $performance, e.potential = $potential
CREATE (h:RatingAssessment {
  id: 'rt-' + randomUUID(), source: 'api', performance: $performance, potential: $potential,
  previousPerformance: previous_performance, previousPotential: previous_potential,
  assessedBy: $assessed_by, assessedAt: now, note: $note
})
CREATE (h)-[:OF]->(e)
RETURN h {
  .id, employeeId: e.id, .performance, .potential, .previousPerformance, .previousPotential,
  .assessedBy, .assessedAt, .note
} AS rating
