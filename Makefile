# The two quick-start commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup run test lint schema access-doc neo4j-start neo4j-stop clean

$(BIN)/talentgraph: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TalentGraph needs Python 3.11 or newer (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

setup: $(BIN)/talentgraph ## create .venv and install TalentGraph with its dev tools

run: setup ## start a local Neo4j, load the demo organisation, serve GraphQL (auth off: loopback only)
	TALENTGRAPH_AUTH_ENABLED=false $(BIN)/talentgraph serve --demo --host $(HOST) --port $(PORT)

test: setup ## the whole test suite against a real Neo4j (NEO4J_URI, Docker, or our own launcher)
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest

lint: setup ## ruff, mypy --strict and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

schema: setup ## regenerate the committed GraphQL SDL
	$(BIN)/talentgraph schema > api/schema.graphql

access-doc: setup ## print the authorization matrix (tests/api/test_authorization.py) into docs/access.md
	$(BIN)/python -m tests.api.test_authorization

neo4j-start: setup
	$(BIN)/talentgraph neo4j start

neo4j-stop: setup
	$(BIN)/talentgraph neo4j stop

clean: ## stop the local Neo4j and delete its data and the virtualenv
	-$(BIN)/talentgraph neo4j stop
	rm -rf .talentgraph $(VENV)
