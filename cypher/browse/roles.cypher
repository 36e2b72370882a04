// A page of roles matching every filter given (a null filter matches all), by lower-cased title then id, as one
// row {total, page}: total counts every match, page holds the first $limit after the position ($after_key,
// $after_id; null for the start) as roles/get_many maps, each with its sort key (key).
// $unit_ids: the units whose roles the caller may read (null for all); $org_unit_id: roles in that unit or
// below it; $critical; grades from $min_grade to $max_grade; $occupation_code; $search: a
// substring of the title.
MATCH (r:Role)
WHERE r.grade >= $min_grade AND r.grade <= $max_grade
  AND ($critical IS NULL OR coalesce(r.critical, false) = $critical)
  AND ($occupation_code IS NULL OR r.occupationCode = $occupation_code)
  AND ($search IS NULL OR toLower(r.title) CONTAINS toLower($search))
  AND ($unit_ids IS NULL OR EXISTS { (r)-[:IN_UNIT]->(u:OrgUnit) WHERE u.id IN $unit_ids })
  AND ($org_unit_id IS NULL
       OR EXISTS { (r)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(:OrgUnit {id: $org_unit_id}) })
WITH r, toLower(r.title) AS key
ORDER BY key, r.id
WITH collect({r: r, key: key}) AS found
RETURN size(found) AS total,
       [x IN found
        WHERE $after_key IS NULL OR x.key > $after_key OR (x.key = $after_key AND x.r.id > $after_id)
        | {key: x.key, role: {
            id: x.r.id, title: x.r.title, grade: x.r.grade, critical: x.r.critical,
            occupationCode: x.r.occupationCode
          }}][..$limit] AS page
