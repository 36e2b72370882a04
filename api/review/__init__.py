"""The succession review page (server-rendered HTML), mounted by `create_app`."""

from api.review import sessions as _sessions  # noqa: F401  (adds its routes)
from api.review.routes import router

__all__ = ["router"]
