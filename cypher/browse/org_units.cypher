// A page of org units matching every filter given (a null filter matches all), by lower-cased name then id, as
// one row {total, page}: total counts every match, page holds the first $limit after the position ($after_key,
// $after_id; null for the start) as {key, org_unit {id, name}}. $unit_ids: the units the caller may read
// (null for all); $search: a substring of the name.
MATCH (u:OrgUnit)
WHERE ($unit_ids IS NULL OR u.id IN $unit_ids)
  AND ($search IS NULL OR toLower(u.name) CONTAINS toLower($search))
WITH u, toLower(u.name) AS key
ORDER BY key, u.id
WITH collect({u: u, key: key}) AS found
RETURN size(found) AS total,
       [x IN found
        WHERE $after_key IS NULL OR x.key > $after_key OR (x.key = $after_key AND x.u.id > $after_id)
        | {key: x.key, org_unit: {id: x.u.id, name: x.u.name}}][..$limit] AS page
