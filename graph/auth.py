"""Who is calling: bearer JWTs (HS256 secret or RS256 public key), verified into a Principal.

DESIGN §6: tokens carry `sub`, `roles` and, for people, `employee_id`. Issuer, audience and
expiry are checked with a small clock skew. With auth switched off (only allowed on loopback) every
caller is the local developer with the `admin` role, and the service says so loudly at start.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import jwt

from graph.errors import Unauthenticated
from graph.settings import Settings


class AccessRole(StrEnum):
    ADMIN = "admin"
    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    SERVICE = "service"


@dataclass(frozen=True)
class Principal:
    """The caller, as the service layer sees it."""

    subject: str
    roles: frozenset[AccessRole]
    employee_id: str | None = None
    authenticated: bool = True
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def has(self, *roles: AccessRole) -> bool:
        return bool(self.roles.intersection(roles))


#: The caller when auth is off (loopback only): the local developer, with every right.
LOCAL_DEVELOPER = Principal("local-developer", frozenset({AccessRole.ADMIN}), authenticated=False)
#: TalentGraph itself, for what it does on its own (deleting audit events past their retention).
SYSTEM = Principal("system:talentgraph", frozenset({AccessRole.ADMIN}), authenticated=False)


def _key(value: str | None) -> str | None:
    """A PEM key given inline or as a path to a file."""
    if value is None:
        return None
    if value.lstrip().startswith("-----BEGIN"):
        return value
    return Path(value).expanduser().read_text(encoding="utf-8")


#: Longest `sub` and `employee_id` a token may carry (ids are at most 200 characters everywhere).
MAX_CLAIM = 200
#: Longest a token may live: `exp` further ahead than this from `iat` (or now) is refused.
MAX_TTL_SECONDS = 366 * 24 * 3600


def _name(value: Any, claim: str) -> str:
    """A `sub` or `employee_id`: a non-empty printable string of at most MAX_CLAIM characters."""
    if not isinstance(value, str) or not value.strip():
        raise Unauthenticated(f"the token's `{claim}` claim must be a non-empty string")
    if len(value) > MAX_CLAIM or not value.isprintable():
        raise Unauthenticated(
            f"the token's `{claim}` claim must be printable and at most {MAX_CLAIM} characters"
        )
    return value


def _time_claims(claims: dict[str, Any], now: float) -> None:
    """`exp` (and `iat`, `nbf` when present) must be integers (RFC 7519 NumericDate: JSON
    numbers, not strings), and `exp` no further ahead than MAX_TTL_SECONDS."""
    for claim in ("exp", "iat", "nbf"):
        value = claims.get(claim)
        if claim != "exp" and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise Unauthenticated(f"the token's `{claim}` claim must be an integer (seconds)")
    if claims["exp"] > now + MAX_TTL_SECONDS:
        raise Unauthenticated(
            f"the token's `exp` is more than {MAX_TTL_SECONDS // 86400} days ahead"
        )


def _roles(raw: Any) -> frozenset[AccessRole]:
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list | tuple):
        raise Unauthenticated("the token's `roles` claim must be a list of role names")
    try:
        return frozenset(AccessRole(str(r).lower()) for r in raw)
    except ValueError:
        known = ", ".join(r.value for r in AccessRole)
        raise Unauthenticated(f"the token names an unknown role; known roles: {known}") from None


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.algorithm = settings.jwt_algorithm
        if self.algorithm == "HS256":
            secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else None
            if not secret:
                raise ValueError("TALENTGRAPH_JWT_SECRET is required for HS256 tokens")
            self.key: str = secret
        else:
            public = _key(settings.jwt_public_key)
            if not public:
                raise ValueError("TALENTGRAPH_JWT_PUBLIC_KEY is required for RS256 tokens")
            self.key = public

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=[self.algorithm],
                audience=self.settings.jwt_audience,
                issuer=self.settings.jwt_issuer,
                leeway=self.settings.jwt_leeway,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("the token has expired") from None
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"the token is not valid: {exc}") from None
        _time_claims(claims, time.time())  # PyJWT takes a numeric string, and any future
        employee_id = claims.get("employee_id")
        return Principal(
            subject=_name(claims["sub"], "sub"),
            roles=_roles(claims.get("roles", [])),
            employee_id=None if employee_id is None else _name(employee_id, "employee_id"),
            claims=claims,
        )


def mint_token(
    settings: Settings,
    subject: str,
    roles: Iterable[AccessRole],
    employee_id: str | None = None,
    ttl_seconds: int = 8 * 3600,
    private_key: str | None = None,
) -> str:
    """A signed token for local use (`talentgraph token`); RS256 needs the private key. The
    claims obey the rules `TokenVerifier.verify` applies (ValueError otherwise)."""
    now = int(time.time())
    try:
        _name(subject, "sub")
        if employee_id is not None:
            _name(employee_id, "employee_id")
    except Unauthenticated as exc:
        raise ValueError(exc.message) from None
    if ttl_seconds > MAX_TTL_SECONDS:
        raise ValueError(f"a token lives at most {MAX_TTL_SECONDS // 86400} days")
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": sorted(r.value for r in roles),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "nbf": now,
        "exp": now + ttl_seconds,
    }
    if employee_id is not None:
        claims["employee_id"] = employee_id
    if settings.jwt_algorithm == "HS256":
        if not settings.jwt_secret:
            raise ValueError("TALENTGRAPH_JWT_SECRET is required to mint HS256 tokens")
        return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")
    key = _key(private_key or settings.jwt_private_key)
    if not key:
        raise ValueError(
            "an RS256 token needs the private key (--private-key or TALENTGRAPH_JWT_PRIVATE_KEY)"
        )
    return jwt.encode(claims, key, algorithm="RS256")
