"""Keys made in the test run, a fake Keycloak behind httpx.MockTransport, a token factory."""


import base64
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, KeycloakBearer, TokenValidator, User, mount_metrics, require_roles

ISSUER = "http://localhost:8080/realms/docs"
DISCOVERY = f"{ISSUER}/.well-known/openid-configuration"
JWKS_URI = f"{ISSUER}/protocol/openid-connect/certs"
INTROSPECT_URI = f"{ISSUER}/protocol/openid-connect/token/introspect"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64json(obj: Any) -> str:
    return b64url(json.dumps(obj).encode())


@dataclass
class Key:
    kid: str
    private: Any
    alg: str

    def jwk(self, *, with_alg: bool = True) -> dict[str, Any]:
        public = self.private.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
        jwk.update(kid=self.kid, use="sig")
        if with_alg:
            jwk["alg"] = self.alg
        return jwk


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("DOCS_AUTH_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def rsa_key() -> Key:
    return Key("rsa-1", rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256")


@pytest.fixture(scope="session")
def rsa_key2() -> Key:
    return Key("rsa-2", rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256")


@pytest.fixture(scope="session")
def ec_key() -> Key:
    return Key("ec-1", ec.generate_private_key(ec.SECP256R1()), "ES256")


@pytest.fixture(scope="session")
def ed_key() -> Key:
    return Key("ed-1", ed25519.Ed25519PrivateKey.generate(), "EdDSA")


@pytest.fixture(scope="session")
def attacker_key() -> Key:
    return Key("attacker", rsa.generate_private_key(public_exponent=65537, key_size=2048), "RS256")


@dataclass
class FakeKeycloak:
    """Answers discovery, JWKS and introspection; records every request."""

    jwks: list[dict[str, Any]]
    up: bool = True
    issuer: str = ISSUER
    introspection: bool = True
    active: bool = True
    requests: list[httpx.Request] = field(default_factory=list)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        url = str(request.url)
        if url == DISCOVERY:
            doc: dict[str, Any] = {"issuer": self.issuer, "jwks_uri": JWKS_URI}
            if self.introspection:
                doc["introspection_endpoint"] = INTROSPECT_URI
            return httpx.Response(200, json=doc)
        if url == JWKS_URI:
            return httpx.Response(200, json={"keys": self.jwks})
        if url == INTROSPECT_URI and request.method == "POST":
            return httpx.Response(200, json={"active": self.active})
        return httpx.Response(404, json={"error": "not found"})

    def count(self, url: str) -> int:
        return sum(1 for r in self.requests if str(r.url) == url)

    def form(self, index: int = -1) -> dict[str, list[str]]:
        posts = [r for r in self.requests if r.method == "POST"]
        return parse_qs(posts[index].content.decode())


class FakeClock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def keycloak(rsa_key: Key, ec_key: Key) -> FakeKeycloak:
    enc = dict(rsa_key.jwk(), kid="enc-1", use="enc", alg="RSA-OAEP")
    return FakeKeycloak(jwks=[rsa_key.jwk(), ec_key.jwk(), enc])


@pytest.fixture
def monotonic() -> FakeClock:
    return FakeClock(1000.0)


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """``caplog`` recording the adapter's logger (``docs_auth``) from INFO up."""
    caplog.set_level(logging.INFO, logger="docs_auth")
    return caplog


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": ["rag-api", "account"],
        "sub": "7f1c-user",
        "typ": "Bearer",
        "azp": "docs-site",
        "exp": now + 300,
        "iat": now,
        "jti": str(uuid.uuid4()),  # every token distinct, so the verified-token cache is not hit by accident
        "email": "ada@example.org",
        "email_verified": True,
        "name": "Ada Lovelace",
        "preferred_username": "ada@example.org",
        "experience_level": "advanced",
        "professional_role": "researcher",
        "organization": "Analytical Engines",
        "realm_access": {"roles": ["default-roles-docs", "offline_access"]},
        "resource_access": {"rag-api": {"roles": ["reader"]}, "account": {"roles": ["view-profile"]}},
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def make_token(key: Key, payload: dict[str, Any] | None = None, *, alg: str | None = None, **headers: Any) -> str:
    header = {"kid": key.kid, **headers}
    return jwt.encode(payload if payload is not None else claims(), key.private, algorithm=alg or key.alg, headers=header)


def unsigned(header: dict[str, Any], payload: dict[str, Any], signature: bytes = b"") -> str:
    return f"{b64json(header)}.{b64json(payload)}.{b64url(signature)}"


@dataclass
class Env:
    app: FastAPI
    client: TestClient
    validator: TokenValidator
    keycloak: FakeKeycloak
    registry: CollectorRegistry
    monotonic: FakeClock

    def get(self, path: str, token: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response: httpx.Response = self.client.get(path, headers=headers, **kwargs)
        return response

    def count(self, outcome: str) -> float:
        value = self.registry.get_sample_value("docs_auth_token_validations_total", {"outcome": outcome})
        return value or 0.0


def build_app(validator: TokenValidator, registry: CollectorRegistry) -> FastAPI:
    current_user = KeycloakBearer(validator)
    optional_user = KeycloakBearer(validator, auto_error=False)
    app = FastAPI()

    @app.get("/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> dict[str, Any]:
        return user.model_dump(exclude={"claims"})

    # The same check without Depends: what a hot endpoint may do (see KeycloakBearer.authenticate).
    @app.get("/me-direct")
    async def me_direct(request: Request) -> dict[str, Any]:
        return (await current_user.authenticate(request)).model_dump(exclude={"claims"})

    @app.get("/maybe-direct")
    async def maybe_direct(request: Request) -> dict[str, Any]:
        return {"sub": (await optional_user.authenticate(request)).sub}

    @app.get("/maybe")
    async def maybe(user: Annotated[User | None, Depends(optional_user)]) -> dict[str, Any]:
        return {"sub": user.sub if user else None}

    @app.get("/admin")
    async def admin(user: Annotated[User, Depends(require_roles(current_user, "admin"))]) -> dict[str, str]:
        return {"sub": user.sub}

    @app.get("/me-and-admin")  # the scheme is a dependency twice: as itself, and with the roles as scopes
    async def me_and_admin(
        user: Annotated[User, Depends(current_user)],
        admin: Annotated[User, Depends(require_roles(current_user, "admin"))],
    ) -> dict[str, bool]:
        return {"same": user is admin}

    @app.get("/reader")
    async def reader(
        user: Annotated[User, Depends(require_roles(optional_user, client_roles={"rag-api": ["reader"]}))],
    ) -> dict[str, str]:
        return {"sub": user.sub}

    mount_metrics(app, registry)
    return app


@pytest.fixture
def make_env(keycloak: FakeKeycloak, registry: CollectorRegistry, monotonic: FakeClock) -> Iterator[Callable[..., Env]]:
    clients: list[TestClient] = []

    def factory(clock: Callable[[], float] = time.time, **settings: Any) -> Env:
        http = httpx.AsyncClient(transport=httpx.MockTransport(keycloak.handler))
        validator = TokenValidator(
            AuthSettings(**settings), http_client=http, registry=registry, clock=clock, monotonic=monotonic
        )
        client = TestClient(build_app(validator, registry))
        client.__enter__()
        clients.append(client)
        return Env(client.app, client, validator, keycloak, registry, monotonic)  # type: ignore[arg-type]

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def env(make_env: Callable[..., Env]) -> Env:
    return make_env()


def assert_invalid_token(response: httpx.Response, description: str) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == (
        f'Bearer realm="docs", error="invalid_token", error_description="{description}"'
    )
    assert response.json() == {"detail": {"error": "invalid_token", "error_description": description}}
