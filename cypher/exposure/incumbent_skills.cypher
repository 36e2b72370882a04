// The skill levels of each role's active incumbents, for the roles in $ids, as {role_id, incumbents: how
// many, skills: [[skill id, [distinct levels], [how many incumbents have each]]]}.
UNWIND $ids AS id
MATCH (r:Role {id: id})
CALL (r) {
  OPTIONAL MATCH (r)<-[:HOLDS]-(e:Employee)
  WHERE e.active
  RETURN count(e) AS n, collect(e) AS people
}
CALL (people) {
  UNWIND people AS e
  MATCH (e)-[h:HAS_SKILL]->(s)
  WITH s, h.level AS level, count(*) AS times
  WITH s, collect(level) AS levels, collect(times) AS counts
  RETURN collect([s.id, levels, counts]) AS skills
}
RETURN id AS role_id, n AS incumbents, skills
