// A page of employees matching every filter given (a null filter matches all), by lower-cased name then id,
// as one row {total, page}: total counts every match, page holds the first $limit after the position
// ($after_key, $after_id; null for the start) as employees/get_many maps, each with its sort key (key).
// $ids: the people the caller may read (null for everyone); $search, $title: substrings of name
// and title; $org_unit_id: people holding a role in that unit or below it; $skill_id with $min_level: people
// with that skill at that level or above; $active: people whose `active` is that.
MATCH (e:Employee)
WHERE ($ids IS NULL OR e.id IN $ids)
  AND ($active IS NULL OR e.active = $active)
  AND ($search IS NULL OR toLower(e.name) CONTAINS toLower($search))
  AND ($title IS NULL OR toLower(e.title) CONTAINS toLower($title))
  AND ($org_unit_id IS NULL
       OR EXISTS { (e)-[:HOLDS]->(:Role)-[:IN_UNIT]->(:OrgUnit)-[:PART_OF*0..]->(:OrgUnit {id: $org_unit_id}) })
  AND ($skill_id IS NULL
       OR EXISTS { (e)-[h:HAS_SKILL]->(:Skill {id: $skill_id}) WHERE h.level >= $min_level })
WITH e, toLower(e.name) AS key
ORDER BY key, e.id
WITH collect({e: e, key: key}) AS found
RETURN size(found) AS total,
       [x IN found
        WHERE $after_key IS NULL OR x.key > $after_key OR (x.key = $after_key AND x.e.id > $after_id)
        | {key: x.key, employee: {
            id: x.e.id, name: x.e.name, email: x.e.email, title: x.e.title, hiredOn: x.e.hiredOn,
            location: x.e.location, active: x.e.active, performance: x.e.performance,
            potential: x.e.potential, riskOfLoss: x.e.riskOfLoss, impactOfLoss: x.e.impactOfLoss,
            willingToRelocate: x.e.willingToRelocate
          }}][..$limit] AS page
