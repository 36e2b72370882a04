// Whether a role with this id exists, as {exists}.
RETURN EXISTS { MATCH (:Role {id: $role_id}) } AS exists
