// Whether any role's shortlist was built at another graph version than $version (or never built),
// as {stale: true|false}.
RETURN EXISTS {
  MATCH (r:Role)
  WHERE r.shortlistVersion IS NULL OR r.shortlistVersion <> $version
} AS stale
