"""The succession review page (server-rendered HTML), mounted by `create_app`."""

from api.review import sessions as _sessions  # noqa: F401  (adds its routes)
from api.review.routes import router
from api.review.workforce import router as workforce_router

__all__ = ["router", "workforce_router"]
