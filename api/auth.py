"""The caller of an HTTP request: a bearer token (or the review page's cookie) made a Principal."""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import Depends, Request

from graph.auth import LOCAL_DEVELOPER, Principal, TokenVerifier
from graph.errors import Unauthenticated
from graph.settings import Settings

#: The review page keeps the token the user pasted in this cookie (HttpOnly, SameSite=Strict).
TOKEN_COOKIE = "talentgraph_token"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(TOKEN_COOKIE) or None


def is_loopback(host: str | None) -> bool:
    """Whether `host` (an address or name to bind or a client address) is this machine only."""
    if host is None:
        return False
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def principal_of(request: Request) -> Principal:
    settings: Settings = request.app.state.settings
    if not settings.auth_enabled:
        # Auth off is for a loopback-bound server (`talentgraph serve` enforces it); should the
        # app be served some other way, callers from elsewhere still get no admin rights.
        if not is_loopback(request.client.host if request.client else None):
            raise Unauthenticated("authentication is off on this server: loopback clients only")
        return LOCAL_DEVELOPER
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("a bearer token is required (Authorization: Bearer <token>)")
    verifier: TokenVerifier = request.app.state.verifier
    return verifier.verify(token)


async def _principal(request: Request) -> Principal:
    # A coroutine: FastAPI would run the plain function in a worker thread (see api/state.py).
    return principal_of(request)


PrincipalDep = Annotated[Principal, Depends(_principal)]
