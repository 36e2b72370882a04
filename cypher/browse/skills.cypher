// A page of skills matching every filter given (a null filter matches all), by lower-cased name then id, as one
// row {total, page}: total counts every match, page holds the first $limit after the position ($after_key,
// $after_id; null for the start) as {key, skill {id, name, category, onetElementId}}. $search: a
// substring of the name; $category: skills of that category (a skill without one counts as SKILL).
MATCH (s:Skill)
WHERE ($category IS NULL OR coalesce(s.category, 'SKILL') = $category)
  AND ($search IS NULL OR toLower(s.name) CONTAINS toLower($search))
WITH s, toLower(s.name) AS key
ORDER BY key, s.id
WITH collect({s: s, key: key}) AS found
RETURN size(found) AS total,
       [x IN found
        WHERE $after_key IS NULL OR x.key > $after_key OR (x.key = $after_key AND x.s.id > $after_id)
        | {key: x.key, skill: {
            id: x.s.id, name: x.s.name, category: coalesce(x.s.category, 'SKILL'),
            onetElementId: x.s.onetElementId
          }}
       ][..$limit] AS page
