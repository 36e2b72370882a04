// Per skill, the active employees who have it (level > 0) and their levels, as
// {skill, ids: [employee_id, ...], levels: [level, ...]} (the two lists in the same order).
MATCH (s:Skill)
CALL (s) {
  MATCH (s)<-[h:HAS_SKILL]-(e:Employee)
  WHERE e.active AND h.level > 0
  RETURN collect(e.id) AS ids, collect(h.level) AS levels
}
RETURN s.id AS skill, ids, levels
