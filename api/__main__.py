"""`python -m api` is the `talentgraph` command."""

from api.cli import main

main()
