"""A token for each kind of caller of the access-control tests (tests/support/orgs.py,
`access_org`, has their employees), and a client that sends it."""

from __future__ import annotations

from pydantic import SecretStr

from graph.auth import AccessRole, mint_token
from graph.settings import Settings
from tests.support.http_server import ApiClient

#: Token-holding callers: (roles, employee_id).
PEOPLE: dict[str, tuple[tuple[AccessRole, ...], str | None]] = {
    "admin": ((AccessRole.ADMIN,), None),
    "hr": ((AccessRole.HR,), None),
    "manager": ((AccessRole.MANAGER,), "M"),
    "employee": ((AccessRole.EMPLOYEE,), "A"),
    "service": ((AccessRole.SERVICE,), None),
}
#: Callers whose request carries no acceptable token.
UNAUTHENTICATED = (
    "no-token",
    "garbage",
    "bad-signature",
    "expired",
    "wrong-audience",
    "wrong-issuer",
)


def token_for(settings: Settings, caller: str) -> str | None:
    if caller in PEOPLE:
        roles, employee_id = PEOPLE[caller]
        return mint_token(settings, f"{caller}@example.com", roles, employee_id)
    admin = [AccessRole.ADMIN]
    if caller == "no-token":
        return None
    if caller == "garbage":
        return "not-a-jwt"
    if caller == "bad-signature":
        other = settings.model_copy(update={"jwt_secret": SecretStr("x" * 40)})
        return mint_token(other, "mallory", admin)
    if caller == "expired":
        return mint_token(settings, "late", admin, ttl_seconds=-int(settings.jwt_leeway) - 60)
    if caller == "wrong-audience":
        return mint_token(settings.model_copy(update={"jwt_audience": "elsewhere"}), "x", admin)
    if caller == "wrong-issuer":
        return mint_token(settings.model_copy(update={"jwt_issuer": "elsewhere"}), "x", admin)
    raise ValueError(caller)


def client_for(api: ApiClient, caller: str) -> ApiClient:
    assert api.settings is not None
    return api.with_token(token_for(api.settings, caller))
