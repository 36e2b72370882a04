// Upserts (Occupation)-[:RELATED_TO {tier, rank}]->(Occupation); returns {code} of each row matched.
UNWIND $rows AS row
MATCH (a:Occupation {code: row.code})
MATCH (b:Occupation {code: row.related_code})
MERGE (a)-[r:RELATED_TO]->(b)
SET r.tier = row.tier, r.rank = row.rank
RETURN row.code AS code
