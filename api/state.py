"""What `create_app` keeps on the app for every request: the database and the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.db import Database
from graph.settings import Settings


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


# As dependencies, coroutines: FastAPI runs a plain function dependency in a worker thread, a
# thread hand-off per request only to read an attribute.
async def _db(request: Request) -> Database:
    return get_db(request)


async def _settings(request: Request) -> Settings:
    return get_settings(request)


DbDep = Annotated[Database, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]
