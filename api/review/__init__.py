"""The succession review page (server-rendered HTML), mounted by `create_app`."""

from api.review.routes import router

__all__ = ["router"]
