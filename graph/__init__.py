"""TalentGraph domain: models, settings, Neo4j access, scoring, imports and the local server."""
