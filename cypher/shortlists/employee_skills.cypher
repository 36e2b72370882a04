// Per skill (every skill when $skill_ids is null, else those ids), the active employees who have it and
// their levels as stored, as {skill, ids: [employee_id, ...], levels: [level, ...]} (the two lists in the
// same order). The scoring core (graph/scoring/fit.py) decides which levels count.
MATCH (s:Skill)
WHERE $skill_ids IS NULL OR s.id IN $skill_ids
CALL (s) {
  MATCH (s)<-[h:HAS_SKILL]-(e:Employee)
  WHERE e.active
  RETURN collect(e.id) AS ids, collect(h.level) AS levels
}
RETURN s.id AS skill, ids, levels
