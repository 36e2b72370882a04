"""The FastAPI application, built by `create_app(settings)` so tests can inject their own settings."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from api import causal, errors, exports, graphiql, middleware, review
from api.auth import principal_of
from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.limits import graphql_extensions
from api.router import LimitedGraphQLRouter
from api.state import DbDep
from graph.auth import LOCAL_DEVELOPER, SYSTEM, Principal, TokenVerifier
from graph.db import Database
from graph.errors import ConfigurationError, ServiceUnavailable
from graph.services import audit, derived
from graph.services.admin import migrate
from graph.settings import Settings

log = logging.getLogger("talentgraph.api")


#: The shortest HS256 secret the API accepts (RFC 7518 §3.2: at least the hash's 256 bits).
MIN_SECRET_BYTES = 32

#: The caller of a GET /graphql without a query: the GraphiQL page, where no operation runs.
NOBODY = Principal("anonymous", frozenset(), authenticated=False)


def _verifier(settings: Settings) -> TokenVerifier | None:
    """The token verifier, built once at start; refuses to start with auth on and no key."""
    if not settings.auth_enabled:
        log.warning(
            "AUTHENTICATION IS OFF: every caller is %r with the admin role (loopback only)",
            LOCAL_DEVELOPER.subject,
        )
        return None
    secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
    if settings.jwt_algorithm == "HS256" and 0 < len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigurationError(
            f"TALENTGRAPH_JWT_SECRET is {len(secret.encode())} bytes; HS256 needs at least "
            f"{MIN_SECRET_BYTES} (RFC 7518): use e.g. `openssl rand -hex 32`"
        )
    try:
        return TokenVerifier(settings)
    except (ValueError, OSError) as exc:
        raise ConfigurationError(
            f"authentication is on but cannot verify tokens: {exc}. Set TALENTGRAPH_JWT_SECRET "
            "(HS256), or TALENTGRAPH_JWT_ALGORITHM=RS256 with TALENTGRAPH_JWT_PUBLIC_KEY; or, on a "
            "loopback-only server, TALENTGRAPH_AUTH_ENABLED=false (see README, Access control)"
        ) from exc


async def _ensure_schema(app: FastAPI) -> None:
    """Apply constraints once per process; retried on the next readiness check after an outage."""
    if app.state.schema_ready:
        return
    await migrate(app.state.db)
    app.state.schema_ready = True


#: How often the server deletes audit events past their retention.
HOUSEKEEPING_SECONDS = 24 * 3600


async def _housekeeping(db: Database) -> None:
    """Delete audit events past their retention now and once a day (never while Neo4j is down:
    the next round tries again)."""
    while True:
        try:
            await audit.purge(db, SYSTEM)
        except Exception:
            log.warning("audit events past their retention could not be deleted this time")
        await asyncio.sleep(HOUSEKEEPING_SECONDS)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database.connect(
            settings, query_timeout=settings.neo4j_query_timeout, retry_time=settings.api_retry_time
        )
        audit.configure(app.state.db, settings)
        try:
            await _ensure_schema(app)
        except ServiceUnavailable:
            log.warning(
                "Neo4j at %s is not reachable yet; /readyz will say so", settings.effective_uri
            )
        loop = asyncio.get_running_loop()
        housekeeping = loop.create_task(_housekeeping(app.state.db))
        # Shortlists, the role index and the workforce histories built before the first request
        # needs them, and again after every import (graph/services/derived.py).
        refreshing = loop.create_task(derived.watch(app.state.db, settings))
        # Everything built so far (modules, the schema, the driver) lives as long as the process:
        # moved out of the cyclic collector's generations, no collection walks it again (about a
        # tenth of the API's CPU under load; docs/benchmarks.md).
        gc.collect()
        gc.freeze()
        yield
        housekeeping.cancel()
        refreshing.cancel()
        await derived.stop(app.state.db)
        await audit.flush_reads(app.state.db)
        await app.state.db.close()

    app = FastAPI(
        title="TalentGraph",
        summary="Talent mapping and succession planning on a Neo4j graph.",
        version="0.1.0",
        lifespan=lifespan,
        # The OpenAPI pages describe every route to whoever asks: only with authentication off
        # (a loopback-bound server); with it on they are not served at all.
        docs_url=None if settings.auth_enabled else "/docs",
        redoc_url=None if settings.auth_enabled else "/redoc",
        openapi_url=None if settings.auth_enabled else "/openapi.json",
    )
    app.state.settings = settings
    app.state.schema_ready = False
    app.state.verifier = _verifier(settings)
    app.state.bookmarks = signer = causal.signer_for(settings)

    async def context(request: Request, db: DbDep) -> Context:
        if request.method == "GET" and "query" not in request.query_params:
            return Context(db=db, settings=settings, principal=NOBODY)
        return Context(db=db, settings=settings, principal=principal_of(request))

    schema = build_schema(graphql_extensions(settings))
    graphql = LimitedGraphQLRouter(
        schema,
        context_getter=context,
        max_response_bytes=settings.api_max_response_bytes,
        request_timeout=settings.api_request_timeout,
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(graphiql.router)
    app.include_router(exports.router)
    app.include_router(review.router)
    app.include_router(review.workforce_router)
    causal.install(app, signer)
    middleware.install(app, settings.api_max_body_bytes)  # outermost: keep it the last one added

    errors.install(app)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/graphql")

    @app.get("/healthz", summary="The process is up.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="Neo4j answers and the schema is applied.")
    async def readyz(db: DbDep) -> dict[str, str]:
        server = await db.ping()
        await _ensure_schema(app)
        return {"status": "ready", "neo4j": server["agent"], "database": db.database}

    return app
