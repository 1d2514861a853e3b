"""``await scheme.authenticate(request)``: the same answers as ``Depends(scheme)``, for endpoints that skip Depends."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, KeycloakBearer, Revocation, TokenValidator, User, errors
from docs_auth.revocation import SESSION

from .conftest import Env, FakeClock, FakeKeycloak, Key, assert_invalid_token, claims, make_token


def test_same_user_as_the_dependency(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key)
    direct = env.get("/me-direct", token)
    assert direct.status_code == 200, direct.text
    assert direct.json() == env.get("/me", token).json()
    assert direct.json()["experience_level"] == "advanced"
    assert env.count("accepted") == 2


@pytest.mark.parametrize("path", ["/me-direct", "/maybe-direct"])
def test_no_token_is_401_even_for_an_optional_scheme(env: Env, path: str) -> None:
    response = env.client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="docs"'
    assert response.json() == {"detail": {"error": "missing_token", "error_description": "Authentication required"}}
    assert env.count("missing_token") == 1


@pytest.mark.parametrize("path", ["/me-direct", "/maybe-direct"])
def test_forged_and_expired_tokens_are_refused(env: Env, rsa_key: Key, attacker_key: Key, path: str) -> None:
    assert_invalid_token(env.get(path, make_token(attacker_key, kid=rsa_key.kid)), errors.BadSignature.description)
    expired = claims(exp=1, iat=0)
    assert_invalid_token(env.get(path, make_token(rsa_key, expired)), errors.ExpiredToken.description)
    assert env.count("bad_signature") == 1
    assert env.count("expired") == 1


def test_token_in_query_string_is_refused(env: Env, rsa_key: Key) -> None:
    response = env.client.get("/me-direct", params={"access_token": make_token(rsa_key)})
    assert response.status_code == 400
    assert 'error="invalid_request"' in response.headers["www-authenticate"]
    assert env.count("token_in_query") == 1


def test_two_schemes_on_one_route_each_check_for_themselves(keycloak: FakeKeycloak, rsa_key: Key) -> None:
    # A scheme keeps its caller in the request under a key of its own: a second scheme with stricter settings
    # must not be handed the first one's answer. (Defaults, not Annotated: this module's annotations are strings,
    # and FastAPI cannot resolve the local schemes in them.)
    def scheme(**settings: Any) -> KeycloakBearer:
        http = httpx.AsyncClient(transport=httpx.MockTransport(keycloak.handler))
        return KeycloakBearer(TokenValidator(AuthSettings(**settings), http_client=http, registry=CollectorRegistry()))

    lenient, strict = scheme(), scheme(require_verified_email=True)
    app = FastAPI()

    @app.get("/both")
    async def both(first: User = Depends(lenient), second: User = Depends(strict)) -> str:  # noqa: B008
        return first.sub

    with TestClient(app) as client:
        token = make_token(rsa_key, claims(email_verified=False))
        response = client.get("/both", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403, response.text
    assert response.json()["detail"]["error_description"] == errors.EmailNotVerified.description


def test_a_validator_without_settings_uses_the_defaults_and_its_clock(registry: CollectorRegistry) -> None:
    clock = FakeClock(5000.0)
    validator = TokenValidator(registry=registry, clock=clock)
    assert validator.settings == AuthSettings()
    # The revocation list runs on the validator's clock (tests and the receiver depend on it), not on time.time.
    lifetime = validator.settings.token_lifetime_seconds + validator.settings.leeway_seconds
    assert validator.revocations.until(Revocation(SESSION, "s")) == 5000.0 + lifetime
