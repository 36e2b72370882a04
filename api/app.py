"""The FastAPI application, built by `create_app(settings)` so tests can inject their own settings."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from strawberry.fastapi import GraphQLRouter

from api import exports
from api.graphql_schema import Context, build_schema
from graph.db import Database
from graph.errors import ServiceUnavailable, TalentGraphError
from graph.schema import migrate
from graph.settings import Settings

log = logging.getLogger("talentgraph.api")


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


USER_HEADER = "X-TalentGraph-User"


def acting_user(request: Request) -> str:
    """Who is acting, recorded as `assessedBy`. No auth yet: the `X-TalentGraph-User` header, else
    "anonymous". The one place a verified token's subject will replace it (DESIGN §6)."""
    user = request.headers.get(USER_HEADER, "").strip()
    return user[:200] if user else "anonymous"


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
UserDep = Annotated[str, Depends(acting_user)]


async def _ensure_schema(app: FastAPI) -> None:
    """Apply constraints once per process; retried on the next readiness check after an outage."""
    if app.state.schema_ready:
        return
    await migrate(app.state.db)
    app.state.schema_ready = True


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database.connect(settings, query_timeout=settings.neo4j_query_timeout)
        try:
            await _ensure_schema(app)
        except ServiceUnavailable:
            log.warning(
                "Neo4j at %s is not reachable yet; /readyz will say so", settings.effective_uri
            )
        yield
        await app.state.db.close()

    app = FastAPI(
        title="TalentGraph",
        summary="Talent mapping and succession planning on a Neo4j graph.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.schema_ready = False

    async def context(db: DbDep, user: UserDep) -> Context:
        return Context(db=db, settings=settings, assessed_by=user)

    app.include_router(GraphQLRouter(build_schema(), context_getter=context), prefix="/graphql")
    app.include_router(exports.router)

    @app.exception_handler(TalentGraphError)
    async def domain_error(_: Request, exc: TalentGraphError) -> JSONResponse:
        status = {"NOT_FOUND": 404, "BAD_USER_INPUT": 400, "FORBIDDEN": 403, "UNAUTHENTICATED": 401}
        return JSONResponse(
            {"error": {"code": exc.code, "message": exc.message}},
            status_code=503 if isinstance(exc, ServiceUnavailable) else status.get(exc.code, 500),
        )

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
