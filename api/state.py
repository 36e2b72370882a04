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


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
