// Every skill as {id, name}.
MATCH (s:Skill)
RETURN s.id AS id, s.name AS name
