"""Strict mode: Keycloak's introspection endpoint has the last word."""

import asyncio
import logging
import time
from typing import Any, Callable
from urllib.parse import parse_qs

import httpx
import pytest
from pydantic import ValidationError

from docs_auth import AuthSettings, InactiveToken, IntrospectionUnavailable, errors
from docs_auth.introspection import Introspector

from .conftest import DISCOVERY, INTROSPECT_URI, Env, FakeClock, Key, assert_invalid_token, claims, make_token

STRICT = {"strict": True, "introspection_client_id": "rag-api", "introspection_client_secret": "s3cret"}


async def introspection_endpoint() -> str | None:
    """The endpoint as the validator would find it in discovery, for an ``Introspector`` built on its own."""
    return INTROSPECT_URI


def test_strict_mode_needs_credentials() -> None:
    with pytest.raises(ValidationError, match="strict mode needs"):
        AuthSettings(strict=True, introspection_client_id="rag-api")


def test_active_token_is_accepted_and_cached(make_env: Callable[..., Env], rsa_key: Key) -> None:
    clock = FakeClock(time.time())
    env = make_env(clock=clock, **STRICT)
    token = make_token(rsa_key)
    assert env.get("/me", token).status_code == 200
    assert env.get("/me", token).status_code == 200
    assert env.keycloak.count(INTROSPECT_URI) == 1
    form = env.keycloak.form()
    assert form == {
        "token": [token],
        "token_type_hint": ["access_token"],
        "client_id": ["rag-api"],
        "client_secret": ["s3cret"],
    }
    clock.advance(5)  # introspection_cache_seconds
    assert env.get("/me", token).status_code == 200
    assert env.keycloak.count(INTROSPECT_URI) == 2


def test_inactive_token_is_refused(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(**STRICT)
    env.keycloak.active = False
    token = make_token(rsa_key)
    for _ in range(2):
        assert_invalid_token(env.get("/me", token), InactiveToken.description)
    assert env.keycloak.count(INTROSPECT_URI) == 1  # the "inactive" answer is cached too
    assert env.count("inactive") == 2


def test_revocation_is_seen_once_the_cache_lapses(make_env: Callable[..., Env], rsa_key: Key) -> None:
    clock = FakeClock(time.time())
    env = make_env(clock=clock, **STRICT)
    token = make_token(rsa_key)
    assert env.get("/me", token).status_code == 200
    env.keycloak.active = False  # user logged out in Keycloak
    assert env.get("/me", token).status_code == 200  # still within the 5 s cache
    clock.advance(5)
    assert_invalid_token(env.get("/me", token), InactiveToken.description)


def test_introspection_cache_never_outlives_the_token(make_env: Callable[..., Env], rsa_key: Key) -> None:
    clock = FakeClock(time.time())
    env = make_env(clock=clock, introspection_cache_seconds=300, **{k: v for k, v in STRICT.items()})
    now = int(time.time())
    token = make_token(rsa_key, claims(exp=now + 20))
    assert env.get("/me", token).status_code == 200
    clock.advance(21)  # token cache and introspection cache both end at exp
    env.get("/me", token)
    assert env.keycloak.count(INTROSPECT_URI) == 2


def test_zero_cache_asks_every_time(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(introspection_cache_seconds=0, **STRICT)
    token = make_token(rsa_key)
    for _ in range(3):
        assert env.get("/me", token).status_code == 200
    assert env.keycloak.count(INTROSPECT_URI) == 3


def test_introspection_down_is_503(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(**STRICT)
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    env.keycloak.up = False
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 503
    assert response.json()["detail"]["error_description"] == IntrospectionUnavailable.description
    assert env.count("introspection_unavailable") == 1


def test_no_introspection_endpoint_is_503(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(**STRICT)
    env.keycloak.introspection = False
    assert env.get("/me", make_token(rsa_key)).status_code == 503


def test_strict_mode_still_checks_the_token_locally_first(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(**STRICT)
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(typ="ID"))), errors.WrongTokenType.description)
    assert env.keycloak.count(INTROSPECT_URI) == 0


def test_introspection_when_discovery_was_lost_is_503(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(**STRICT)
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    env.keycloak.up = False
    env.monotonic.advance(300)  # keys stale: the failed refresh drops the discovery document
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 503
    assert response.json()["detail"]["error_description"] == IntrospectionUnavailable.description


@pytest.mark.parametrize("credentials", [{}, {"introspection_client_id": "rag-api"},
                                         {"introspection_client_secret": "s3cret"}],
                         ids=["none", "no-secret", "no-client-id"])
def test_introspector_requires_both_credentials(credentials: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="^introspection needs client credentials$"):
        Introspector(AuthSettings(**credentials), introspection_endpoint)


def test_introspection_waits_no_longer_than_the_http_timeout(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(http_timeout_seconds=3.5, **STRICT)
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    (asked,) = [r for r in env.keycloak.requests if str(r.url) == INTROSPECT_URI]
    assert asked.extensions["timeout"] == {"connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}


def test_a_validator_that_fetched_nothing_yet_finds_the_introspection_endpoint(make_env: Callable[..., Env]) -> None:
    env = make_env(**STRICT)
    metadata = asyncio.run(env.validator.keys.provider_metadata())
    assert metadata.introspection_endpoint == INTROSPECT_URI
    assert env.keycloak.count(DISCOVERY) == 1


@pytest.mark.parametrize(
    ("lose", "reason"),
    [("endpoint", "no introspection_endpoint in discovery"), ("discovery", "provider metadata unavailable")],
)
def test_a_failed_introspection_logs_its_reason(make_env: Callable[..., Env], rsa_key: Key,
                                                caplog: pytest.LogCaptureFixture, lose: str, reason: str) -> None:
    env = make_env(**STRICT)
    if lose == "endpoint":
        env.keycloak.introspection = False
    else:
        assert env.get("/me", make_token(rsa_key)).status_code == 200
        env.keycloak.up = False
        env.monotonic.advance(300)  # keys stale: the failed refresh drops the discovery document
    caplog.set_level(logging.WARNING, logger="docs_auth")
    assert env.get("/me", make_token(rsa_key)).status_code == 503
    assert f"token introspection failed: {reason}" in [r.getMessage() for r in caplog.records]
    assert "s3cret" not in caplog.text


def test_the_introspection_cache_holds_1024_answers_and_forgets_the_oldest_first() -> None:
    asked: list[str] = []

    def keycloak(request: httpx.Request) -> httpx.Response:
        asked.append(parse_qs(request.content.decode())["token"][0])
        return httpx.Response(200, json={"active": True})

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(keycloak)) as http:
            introspector = Introspector(AuthSettings.model_validate(STRICT), introspection_endpoint, http,
                                        clock=lambda: 1000.0)
            for n in range(1025):  # one more than the cache holds: token-0, the oldest, is dropped
                await introspector.check(f"token-{n}", exp=2000.0)
            await introspector.check("token-1024", exp=2000.0)
            await introspector.check("token-0", exp=2000.0)

    asyncio.run(scenario())
    assert len(asked) == 1026 and asked[-1] == "token-0"
