"""What every resolver gets: the database, the settings, the caller and the request's loaders."""

from __future__ import annotations

from strawberry.fastapi import BaseContext
from strawberry.types import Info

from api.graphql.loaders import Loaders
from graph.auth import Principal
from graph.db import Database
from graph.settings import Settings


class Context(BaseContext):
    def __init__(self, db: Database, settings: Settings, principal: Principal) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        #: Who is calling (api.auth.principal_of); every service call gets it.
        self.principal = principal
        self.loaders = Loaders(db, settings, principal)


GraphInfo = Info[Context, None]
