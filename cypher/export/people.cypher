// People the readiness export scores who were not read with their page (export/readiness_page reads
// its own the same way), as one record {people}: [id, name, active, skills] for each id in $ids that
// names an employee, skills = [skill id, level] of their HAS_SKILL relationships in the order the
// store lists them (the order Neo4j sums a candidate's fit in when it expands from the candidate).
UNWIND $ids AS id
MATCH (e:Employee {id: id})
RETURN collect([e.id, e.name, e.active, [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]]) AS people
