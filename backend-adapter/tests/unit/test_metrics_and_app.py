"""Counters, /metrics, OpenAPI and role checks."""

import time
from typing import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY, CollectorRegistry

from docs_auth import AuthMetrics, AuthSettings, KeycloakBearer, TokenValidator, mount_metrics
from docs_auth.metrics import OUTCOMES

from .conftest import Env, Key, claims, make_token


def test_every_outcome_is_exported_from_the_start(registry: CollectorRegistry) -> None:
    AuthMetrics.for_registry(registry)
    for outcome in OUTCOMES:
        assert registry.get_sample_value("docs_auth_token_validations_total", {"outcome": outcome}) == 0


def test_outcomes_are_counted_per_reason(env: Env, rsa_key: Key, attacker_key: Key) -> None:
    now = int(time.time())
    env.get("/me", make_token(rsa_key))
    env.get("/me", make_token(rsa_key))
    env.get("/me", make_token(rsa_key, claims(exp=now - 100)))
    env.get("/me", make_token(attacker_key, kid=rsa_key.kid))
    env.get("/me", make_token(rsa_key, claims(aud="account")))
    env.client.get("/me")
    assert env.count("accepted") == 2
    assert env.count("expired") == 1
    assert env.count("bad_signature") == 1
    assert env.count("wrong_audience") == 1
    assert env.count("missing_token") == 1
    assert env.count("wrong_issuer") == 0


def test_metrics_endpoint(env: Env, rsa_key: Key) -> None:
    env.get("/me", make_token(rsa_key))
    response = env.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'docs_auth_token_validations_total{outcome="accepted"} 1.0' in response.text
    assert 'docs_auth_jwks_fetches_total{outcome="ok"} 1.0' in response.text
    # What a dashboard shows beside each series (Prometheus's HELP line).
    assert "# HELP docs_auth_token_validations_total Bearer token checks by outcome: accepted or the refusal reason." \
        in response.text.splitlines()
    assert "# HELP docs_auth_jwks_fetches_total Fetches of the realm's signing keys by outcome." \
        in response.text.splitlines()


def test_metrics_per_registry_are_shared_and_default_is_global(registry: CollectorRegistry) -> None:
    assert AuthMetrics.for_registry(registry) is AuthMetrics.for_registry(registry)
    assert AuthMetrics.for_registry().registry is REGISTRY
    # Two validators on the global registry do not clash.
    TokenValidator(AuthSettings())
    TokenValidator(AuthSettings())


def test_unknown_outcome_is_a_bug(registry: CollectorRegistry) -> None:
    with pytest.raises(ValueError):
        AuthMetrics.for_registry(registry).outcome("some-kid-value")


def test_mount_metrics_on_the_default_registry() -> None:
    AuthMetrics.for_registry()
    app = FastAPI()
    mount_metrics(app, path="/prom")
    with TestClient(app) as client:
        response = client.get("/prom")
    assert response.status_code == 200
    assert "docs_auth_token_validations_total" in response.text


def test_openapi_shows_bearer_auth(env: Env) -> None:
    schema = env.app.openapi()
    assert schema["components"]["securitySchemes"] == {
        "KeycloakBearer": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Keycloak access token issued by http://localhost:8080/realms/docs",
        }
    }
    assert schema["paths"]["/me"]["get"]["security"] == [{"KeycloakBearer": []}]
    # OpenAPI 3.1: for a scheme other than OAuth2 the requirement may list the roles the operation needs.
    assert schema["paths"]["/admin"]["get"]["security"] == [{"KeycloakBearer": ["admin"]}]
    assert schema["paths"]["/reader"]["get"]["security"] == [{"KeycloakBearer": ["rag-api:reader"]}]
    assert "/metrics" not in schema["paths"]


def test_missing_realm_role_is_403(env: Env, rsa_key: Key) -> None:
    response = env.get("/admin", make_token(rsa_key))
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == (
        'Bearer realm="docs", error="insufficient_scope", error_description="A required role is missing"'
    )
    assert response.json()["detail"]["error"] == "insufficient_scope"


def test_realm_role_present(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key, claims(realm_access={"roles": ["admin"]}))
    assert env.get("/admin", token).json() == {"sub": "7f1c-user"}


def test_a_route_with_the_scheme_and_a_role_check_checks_the_token_once(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(token_cache_size=0)
    token = make_token(rsa_key, claims(realm_access={"roles": ["admin"]}))
    assert env.get("/me-and-admin", token).json() == {"same": True}
    assert env.get("/me-and-admin", token).json() == {"same": True}
    assert env.count("accepted") == 2  # one per request
    assert env.get("/me-and-admin", make_token(rsa_key)).status_code == 403


def test_role_check_without_token_is_401(env: Env) -> None:
    for path in ("/admin", "/reader"):  # /reader sits on the optional scheme
        response = env.client.get(path)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer realm="docs"'


def test_client_roles(env: Env, rsa_key: Key) -> None:
    assert env.get("/reader", make_token(rsa_key)).status_code == 200
    token = make_token(rsa_key, claims(resource_access={"account": {"roles": ["reader"]}}))
    assert env.get("/reader", token).status_code == 403
    token = make_token(rsa_key, claims(resource_access=None, realm_access=None))
    assert env.get("/reader", token).status_code == 403


def test_custom_realm_name_in_challenge(registry: CollectorRegistry) -> None:
    validator = TokenValidator(AuthSettings(realm_name='docs "api"'), registry=registry)
    scheme = KeycloakBearer(validator)
    assert scheme.realm == "docs api"
    assert KeycloakBearer(validator, realm="chat").missing_token().headers == {"WWW-Authenticate": 'Bearer realm="chat"'}


def test_app_works_without_testclient(make_env: Callable[..., Env], rsa_key: Key) -> None:
    # The same app answers through httpx.ASGITransport on another event loop (per-loop lock).
    env = make_env()
    import asyncio

    async def call() -> int:
        transport = httpx.ASGITransport(app=env.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/me", headers={"Authorization": f"Bearer {make_token(rsa_key)}"})
            return response.status_code

    assert asyncio.run(call()) == 200
