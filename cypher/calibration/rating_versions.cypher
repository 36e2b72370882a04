// The rating versions of the employees $ids: how many RatingAssessment history entries each has, as
// {id, version} (unknown ids are left out).
UNWIND $ids AS id
MATCH (e:Employee {id: id})
RETURN e.id AS id, COUNT { (e)<-[:OF]-(:RatingAssessment) } AS version
