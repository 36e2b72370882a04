// Roles by id, as {role} maps; ids that match no role are absent.
UNWIND $ids AS id
MATCH (r:Role {id: id})
RETURN r {.id, .title, .grade, .critical, .occupationCode} AS role
