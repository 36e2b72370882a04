"""A small organisation for access-control tests, and a caller (token) per role.

    ROOT ─ U1 ─ U1A          ROOT ─ U2
    ceo (RTOP, ROOT)
    ├── M (RM, U1)            manager; their units: U1 and U1A
    │   └── A (R1*, U1A)      employee; M's direct report
    │       └── A2 (R1B, U1A) in M's subtree through A
    └── O (R2*, U2)           outside M's subtree and units
        └── O2 (RO2, U2)

Critical roles (*): R1 in U1A (M's units), R2 in U2 (not). Slates: R1 has A2 (in M's subtree,
with a note) and O2 (outside it, with a note); R2 has O2 and A2 (imported, no note).
"""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from graph.auth import LOCAL_DEVELOPER, AccessRole, mint_token
from graph.db import Database
from graph.models import Readiness
from graph.services import readiness
from graph.settings import Settings
from tests.support.factories import Org
from tests.support.http_server import ApiClient

SINCE = "2000-01-01T00:00:00Z"
RATED = {"performance": "HIGH", "potential": "MODERATE", "risk_of_loss": "HIGH"}


def access_org() -> Org:
    rated: dict[str, Any] = {**RATED, "impact_of_loss": "MEDIUM"}
    return (
        Org()
        .unit("ROOT")
        .unit("U1", parent="ROOT")
        .unit("U1A", parent="U1")
        .unit("U2", parent="ROOT")
        .skill("s1")
        .skill("s2")
        .role("RTOP", "ROOT", {"s1": (3, 1)}, grade=5)
        .role("RM", "U1", {"s1": (2, 1), "s2": (2, 1)}, grade=4)
        .role("R1", "U1A", {"s1": (2, 1)}, grade=3, critical=True)
        .role("R1B", "U1A", {"s1": (1, 1), "s2": (1, 1)}, grade=2)
        .role("R2", "U2", {"s1": (2, 1)}, grade=3, critical=True)
        .role("RO2", "U2", {"s1": (1, 1)}, grade=2)
        .employee("ceo", holds=("RTOP",), skills={"s1": 3}, **rated)
        .employee("M", holds=("RM",), skills={"s1": 2, "s2": 2}, manager="ceo", **rated)
        .employee("A", holds=("R1",), skills={"s1": 2, "s2": 1}, manager="M", **rated)
        .employee("A2", holds=("R1B",), skills={"s1": 2, "s2": 2}, manager="A", **rated)
        .employee("O", holds=("R2",), skills={"s1": 2}, manager="ceo", **rated)
        .employee("O2", holds=("RO2",), skills={"s1": 1}, manager="O", **rated)
        .assess("O2", "R2", "READY_NOW")
        .assess("A2", "R2", "READY_3_5_YEARS")
    )


async def seed(db: Database) -> None:
    """The organisation, then two noted nominations for R1 written as an admin would."""
    await access_org().save(db)
    await nominate(db, "A2", "R1", "in M's subtree")
    await nominate(db, "O2", "R1", "outside M's subtree")


async def nominate(db: Database, employee_id: str, role_id: str, note: str = "noted") -> None:
    await readiness.assess_readiness(
        db, employee_id, role_id, Readiness.READY_1_2_YEARS, note, principal=LOCAL_DEVELOPER
    )


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
