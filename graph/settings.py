"""All configuration in one pydantic-settings class, built by whoever needs it (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.exposure import ExposureSource
from graph.neo4j_home import (
    DEFAULT_BOLT_PORT,
    ServerState,
    configured_port,
    default_heap,
    default_pagecache,
    default_state_dir,
    find_home,
    parse_size,
    read_state,
)

DEFAULT_NEO4J_VERSION = "5.26.17"


def _default_cache() -> Path:
    return Path.home() / ".cache" / "talentgraph"


class Settings(BaseSettings):
    """Settings from the environment (and an optional `.env`).

    `NEO4J_URI` selects an external server; without it the local launcher's server is used.
    """

    model_config = SettingsConfigDict(
        env_prefix="TALENTGRAPH_", env_file=".env", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_URI", "TALENTGRAPH_NEO4J_URI")
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "TALENTGRAPH_NEO4J_USER")
    )
    neo4j_password: str = Field(
        default="", validation_alias=AliasChoices("NEO4J_PASSWORD", "TALENTGRAPH_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("NEO4J_DATABASE", "TALENTGRAPH_NEO4J_DATABASE"),
    )
    neo4j_connection_timeout: float = Field(default=5.0, gt=0)
    neo4j_query_timeout: float = Field(default=30.0, gt=0)
    #: How long a failed transaction is retried (reconnecting) by the CLI, imports included.
    neo4j_retry_time: float = Field(default=15.0, ge=0)

    # Limits on API requests (README "Limits").
    #: How long an API request's transaction is retried while Neo4j does not answer, before 503.
    api_retry_time: float = Field(default=2.0, ge=0)
    api_max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    api_max_query_depth: int = Field(default=10, ge=2, le=100)
    api_max_query_tokens: int = Field(default=2000, ge=100)
    api_max_aliases: int = Field(default=100, ge=0)
    #: The most fields an answer may hold, list sizes multiplied through nesting (api/cost.py).
    api_max_query_cost: int = Field(default=50_000, ge=100)
    #: The largest GraphQL answer sent (its JSON); a larger one is replaced by an error.
    api_max_response_bytes: int = Field(default=10 * 1024 * 1024, ge=64 * 1024)
    #: Seconds a GraphQL operation may run in all before it is stopped (each database call
    #: has its own deadline: graph/db.py).
    api_request_timeout: float = Field(default=60.0, gt=0)
    #: Seconds a request carrying a client's bookmark waits for a Neo4j server that has the write
    #: it names, before BOOKMARK_NOT_READY (api/causal.py); well below the query timeout.
    api_bookmark_wait: float = Field(default=3.0, gt=0, le=60)
    #: The key that signs the bookmarks the API hands out (at least 32 bytes). Unset: derived
    #: from the HS256 JWT secret, else a random key per process (README "Running on a cluster").
    bookmark_key: SecretStr | None = None

    # The local server run by `talentgraph neo4j start` (graph/neo4j_home.py).
    #: Where the home of the last local server started without TALENTGRAPH_HOME is remembered.
    state_dir: Path = Field(default_factory=default_state_dir)
    #: The local server's home; unset: `.talentgraph` here or in a parent folder, else the one
    #: remembered in `state_dir`, else `./.talentgraph`.
    home: Path = Field(default_factory=lambda data: find_home(data["state_dir"]))
    cache_dir: Path = Field(default_factory=_default_cache)
    neo4j_version: str = DEFAULT_NEO4J_VERSION
    #: Bolt port of the local server; unset: the port it was last started on, else 7687.
    neo4j_port: int | None = Field(default=None, ge=1, le=65535)
    #: Its heap and page cache; unset: what it was last started with, else a share of the
    #: machine's memory (graph/neo4j_home.py: a quarter and an eighth, within bounds).
    neo4j_heap: str | None = None
    neo4j_pagecache: str | None = None
    neo4j_start_timeout: float = 120.0

    # Readiness weights for benchScore and cover (DESIGN §4): the chance a successor at that
    # readiness could step in, so between 0 and 1.
    weight_ready_now: float = Field(default=1.0, ge=0.0, le=1.0)
    weight_ready_1_2_years: float = Field(default=0.5, ge=0.0, le=1.0)
    weight_ready_3_5_years: float = Field(default=0.25, ge=0.0, le=1.0)

    import_batch_size: int = Field(default=5000, ge=1, le=100_000)
    #: Seconds an imported timestamp that orders things (a readiness assessment's assessed_at) may
    #: be ahead of this machine's clock, for clocks that differ; later ones are refused.
    import_clock_skew: float = Field(default=300.0, ge=0, le=86_400)
    #: Seconds the graph must stay unchanged before a server brings derived data (shortlists, its
    #: role index and workforce histories) up to date in the background, at start and after a
    #: version change; it looks at the version this often (graph/services/derived.py). 0: never
    #: (imports and `reindex` still rebuild shortlists; a request builds what it needs).
    shortlist_refresh_delay: float = Field(default=2.0, ge=0)

    # Access control (README "Access control"). Off only on a loopback-bound server.
    auth_enabled: bool = True
    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwt_secret: SecretStr | None = None
    jwt_public_key: str | None = None  # PEM text or a path to it (RS256)
    jwt_private_key: str | None = None  # only for minting RS256 tokens locally
    jwt_issuer: str = "talentgraph"
    jwt_audience: str = "talentgraph-api"
    jwt_leeway: float = Field(default=30.0, ge=0, le=300)
    export_timeout: float = Field(default=1800.0, gt=0)

    # The audit trail (README "Access control": audit): how often the read log is written, how
    # many failure events a caller may cause per minute, how many days events are kept (0: ever).
    audit_read_flush_seconds: float = Field(default=5.0, gt=0, le=3600)
    audit_failures_per_minute: int = Field(default=30, ge=1, le=100_000)
    audit_retention_days: int = Field(default=365, ge=0, le=36_500)

    # Automation exposure (docs/exposure.md): the occupation-level dataset used when a role has no
    # scored tasks of its own; how much lower a redeployment target's exposure must be; below
    # which benchScore a critical role's bench counts as thin.
    exposure_dataset: ExposureSource = ExposureSource.GPTS_HUMAN_BETA
    exposure_margin: float = Field(default=0.2, ge=0.0, le=1.0)
    exposure_thin_bench: float = Field(default=1.0, ge=0.0)

    # Workforce figures (docs/workforce.md): below how many people a group's figures are
    # suppressed for callers other than admin and hr; how wide a grade band is; the vacancy
    # forecast's shrinkage toward the organisation's hazard (k) and how many quarters of history
    # its hazards rest on.
    workforce_min_group_size: int = Field(default=5, ge=1, le=1000)
    workforce_grade_band: int = Field(default=4, ge=1, le=100)
    workforce_shrinkage: float = Field(default=8.0, ge=0, le=1000)
    workforce_hazard_quarters: int = Field(default=12, ge=1, le=80)

    @field_validator("exposure_dataset")
    @classmethod
    def _occupation_dataset(cls, value: ExposureSource) -> ExposureSource:
        if value is ExposureSource.ROLE_TASKS:
            raise ValueError("exposure_dataset names an occupation-level dataset, not ROLE_TASKS")
        return value

    @field_validator("neo4j_heap", "neo4j_pagecache")
    @classmethod
    def _memory_size(cls, value: str | None) -> str | None:
        if value:
            parse_size(value)
        return value or None

    @field_validator("neo4j_uri")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def local_server_state(self) -> ServerState | None:
        """What the local server in `home` was last started with (None: never started there)."""
        return read_state(self.home / "neo4j")

    @property
    def local_port(self) -> int:
        if self.neo4j_port is not None:
            return self.neo4j_port
        state = self.local_server_state
        if state is not None:
            return state.port
        return configured_port(self.home / "neo4j") or DEFAULT_BOLT_PORT

    @property
    def local_heap(self) -> str:
        state = self.local_server_state
        return self.neo4j_heap or (state.heap if state else default_heap())

    @property
    def local_pagecache(self) -> str:
        state = self.local_server_state
        return self.neo4j_pagecache or (state.pagecache if state else default_pagecache())

    @property
    def local_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.local_port}"

    @property
    def effective_uri(self) -> str:
        return self.neo4j_uri or self.local_uri

    @property
    def uses_local_server(self) -> bool:
        return self.neo4j_uri is None
