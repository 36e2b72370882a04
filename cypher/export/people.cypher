// People the readiness export scores who were not read with their page (export/readiness_page reads
// its own the same way), as one record {people}: [id, name, skills [[skill id, level]]] for each id in
// $ids that names an employee.
UNWIND $ids AS id
MATCH (e:Employee {id: id})
RETURN collect([e.id, e.name, [(e)-[h:HAS_SKILL]->(s:Skill) | [s.id, h.level]]]) AS people
