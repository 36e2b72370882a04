// Whether a skill with this id exists, as {exists}.
RETURN EXISTS { MATCH (:Skill {id: $skill_id}) } AS exists
