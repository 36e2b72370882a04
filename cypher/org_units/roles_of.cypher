// The roles directly in each org unit (not below it) as {org_unit_id, roles}: every one, by lower-cased
// title, then id, as roles/get_many maps (the API pages them).
UNWIND $ids AS id
MATCH (u:OrgUnit {id: id})
RETURN id AS org_unit_id, COLLECT {
  MATCH (u)<-[:IN_UNIT]-(r:Role)
  WITH r ORDER BY toLower(r.title), r.id
  RETURN r {.id, .title, .grade, .critical, .occupationCode}
} AS roles
