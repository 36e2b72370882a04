"""Token verification (graph/auth.py) without a server: signature, expiry with clock skew, issuer,
audience, required claims, roles, RS256 with a generated key pair; and the app refusing to start
without a key."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from api.app import create_app
from graph.auth import AccessRole, TokenVerifier, mint_token
from graph.errors import ConfigurationError, Unauthenticated
from graph.settings import Settings

SECRET = "unit-test-secret-0123456789abcdef0123"


def hs_settings(**update: Any) -> Settings:
    values: dict[str, Any] = {"jwt_secret": SecretStr(SECRET), "jwt_leeway": 30, **update}
    return Settings(**values)


def claims(**update: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "sub": "alice",
        "roles": ["hr"],
        "iss": "talentgraph",
        "aud": "talentgraph-api",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    base.update(update)
    return {k: v for k, v in base.items() if v is not None}


def hs(payload: dict[str, Any], key: str = SECRET) -> str:
    return jwt.encode(payload, key, algorithm="HS256")


def test_minted_token_round_trips() -> None:
    settings = hs_settings()
    token = mint_token(
        settings, "bob", [AccessRole.MANAGER, AccessRole.HR], "E000010", ttl_seconds=60
    )
    principal = TokenVerifier(settings).verify(token)
    assert principal.subject == "bob"
    assert principal.roles == {AccessRole.MANAGER, AccessRole.HR}
    assert principal.employee_id == "E000010"
    assert principal.authenticated


#: Claims relative to the time the test runs (not when it is collected).
REJECTED: dict[str, tuple[Callable[[int], dict[str, Any]], str]] = {
    "expired": (lambda now: claims(exp=now - 31 - 5), "expired"),  # beyond the 30 s skew
    "not-yet-valid": (lambda now: claims(nbf=now + 31 + 5), "not valid"),
    "issuer": (lambda now: claims(iss="someone-else"), "not valid"),
    "audience": (lambda now: claims(aud="another-api"), "not valid"),
    "no-exp": (lambda now: claims(exp=None), "not valid"),  # exp is required
    "no-sub": (lambda now: claims(sub=None), "not valid"),
    "no-aud": (lambda now: claims(aud=None), "not valid"),
    "unknown-role": (lambda now: claims(roles=["root"]), "unknown role"),
    "roles-not-a-list": (lambda now: claims(roles=42), "list of role names"),
    "empty-sub": (lambda now: claims(sub=""), "non-empty string"),
    "blank-sub": (lambda now: claims(sub="   "), "non-empty string"),
    "huge-sub": (lambda now: claims(sub="x" * 100_000), "at most 200"),
    "control-sub": (lambda now: claims(sub="a\nb"), "printable"),
    "exp-as-string": (lambda now: claims(exp=str(now + 600)), "must be an integer"),
    "exp-in-10^30": (lambda now: claims(exp=10**30), "days ahead"),
    "iat-as-string": (lambda now: claims(iat=str(now)), "must be an integer"),
    "huge-employee-id": (lambda now: claims(employee_id="E" * 300), "at most 200"),
}


@pytest.mark.parametrize(
    ("subject", "employee_id", "ttl"),
    [("", None, 60), ("x" * 201, None, 60), ("ok", "", 60), ("ok", None, 10**9)],
)
def test_tokens_that_would_be_refused_are_never_minted(
    subject: str, employee_id: str | None, ttl: int
) -> None:
    with pytest.raises(ValueError, match=r"claim|token lives"):
        mint_token(hs_settings(), subject, [AccessRole.HR], employee_id, ttl_seconds=ttl)


@pytest.mark.parametrize("name", list(REJECTED))
def test_rejected_tokens(name: str) -> None:
    payload, message = REJECTED[name]
    with pytest.raises(Unauthenticated, match=message):
        TokenVerifier(hs_settings()).verify(hs(payload(int(time.time()))))


def test_small_clock_skew_is_tolerated() -> None:
    verifier = TokenVerifier(hs_settings())
    now = int(time.time())
    assert verifier.verify(hs(claims(exp=now - 10))).subject == "alice"  # expired 10 s ago
    assert verifier.verify(hs(claims(nbf=now + 10))).subject == "alice"  # valid in 10 s
    strict = TokenVerifier(hs_settings(jwt_leeway=0))
    with pytest.raises(Unauthenticated, match="expired"):
        strict.verify(hs(claims(exp=now - 10)))


def test_wrong_signature_and_algorithm_none_are_rejected() -> None:
    verifier = TokenVerifier(hs_settings())
    with pytest.raises(Unauthenticated):
        verifier.verify(hs(claims(), key="another-secret-of-thirty-two-bytes!!"))
    unsigned = jwt.encode(claims(), None, algorithm="none")  # type: ignore[arg-type]
    with pytest.raises(Unauthenticated):
        verifier.verify(unsigned)
    with pytest.raises(Unauthenticated):
        verifier.verify("not.a.token")


def test_configured_issuer_and_audience() -> None:
    settings = hs_settings(jwt_issuer="https://idp.example.com", jwt_audience="tg-prod")
    token = mint_token(settings, "carol", [AccessRole.SERVICE])
    assert TokenVerifier(settings).verify(token).roles == {AccessRole.SERVICE}
    with pytest.raises(Unauthenticated):
        TokenVerifier(hs_settings()).verify(token)


def _rsa_pem() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def test_rs256_with_a_generated_key_pair(tmp_path: Path) -> None:
    private, public = _rsa_pem()
    (tmp_path / "public.pem").write_text(public)
    (tmp_path / "private.pem").write_text(private)
    settings = Settings(jwt_algorithm="RS256", jwt_public_key=str(tmp_path / "public.pem"))
    token = mint_token(
        settings, "dave", [AccessRole.EMPLOYEE], "E1", private_key=str(tmp_path / "private.pem")
    )
    assert jwt.get_unverified_header(token)["alg"] == "RS256"
    principal = TokenVerifier(settings).verify(token)
    assert (principal.subject, principal.employee_id) == ("dave", "E1")
    # inline PEM works too
    assert TokenVerifier(settings.model_copy(update={"jwt_public_key": public})).verify(token)

    other_private, _ = _rsa_pem()
    forged = mint_token(settings, "dave", [AccessRole.ADMIN], private_key=other_private)
    with pytest.raises(Unauthenticated):
        TokenVerifier(settings).verify(forged)
    # algorithm confusion: an HS256 token "signed" with the public key is refused
    confused = jwt.encode(claims(), "k" * 40, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        TokenVerifier(settings).verify(confused)


def test_the_app_refuses_to_start_without_a_key() -> None:
    with pytest.raises(ConfigurationError, match="TALENTGRAPH_JWT_SECRET"):
        create_app(Settings(auth_enabled=True, jwt_secret=None))
    with pytest.raises(ConfigurationError, match="TALENTGRAPH_JWT_PUBLIC_KEY"):
        create_app(Settings(auth_enabled=True, jwt_algorithm="RS256", jwt_public_key=None))
    with pytest.raises(ConfigurationError, match="cannot verify tokens"):
        create_app(Settings(auth_enabled=True, jwt_algorithm="RS256", jwt_public_key="/nope.pem"))
    with pytest.raises(ConfigurationError, match="at least 32"):
        create_app(Settings(auth_enabled=True, jwt_secret=SecretStr("too-short")))
    assert create_app(Settings(auth_enabled=True, jwt_secret=SecretStr(SECRET))) is not None
    assert create_app(Settings(auth_enabled=False, jwt_secret=None)) is not None
