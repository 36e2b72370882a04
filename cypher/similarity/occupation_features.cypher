// Every occupation's role-similarity features, by code: {code, title, jobZone, ratings: [{skill,
// category, importance, level}] (its REQUIRES edges to O*NET Skills and Knowledge elements), tasks:
// [statement], related: [{code, tier, rank}] (its RELATED_TO edges)}.
MATCH (o:Occupation)
RETURN o.code AS code, o.title AS title, o.jobZone AS jobZone,
       COLLECT {
         MATCH (o)-[q:REQUIRES]->(s:Skill)
         WHERE q.importance IS NOT NULL AND q.level IS NOT NULL
         RETURN {skill: s.id, category: s.category, importance: q.importance, level: q.level}
       } AS ratings,
       COLLECT {
         MATCH (o)-[:HAS_TASK]->(t:Task)
         WHERE t.statement IS NOT NULL
         RETURN t.statement
       } AS tasks,
       COLLECT {
         MATCH (o)-[r:RELATED_TO]->(p:Occupation)
         RETURN {code: p.code, tier: r.tier, rank: r.rank}
       } AS related
ORDER BY code
