"""Service functions: the one path every interface (GraphQL, CLI, HTTP exports) goes through."""
