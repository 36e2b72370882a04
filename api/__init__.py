"""Interfaces: FastAPI app, GraphQL schema, HTTP endpoints and the `talentgraph` CLI."""
