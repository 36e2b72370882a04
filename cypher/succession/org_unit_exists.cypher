// Whether an org unit with this id exists, as {exists}.
RETURN EXISTS { MATCH (:OrgUnit {id: $org_unit_id}) } AS exists
