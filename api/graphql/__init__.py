"""The GraphQL API: `schema.build_schema` assembles one module per feature (people, succession,
exposure, audit) over the types they share (`types`, `pagination`) and the request's `context`."""
