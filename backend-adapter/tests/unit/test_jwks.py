"""Key discovery, caching, rotation and outages."""

import asyncio
import json
import random
import string
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt import PyJWK
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, KeySetUnavailable, TokenValidator, UnknownKey, errors
from docs_auth.jwks import parse_jwks
from docs_auth.settings import ASYMMETRIC_ALGORITHMS

from .conftest import DISCOVERY, JWKS_URI, Env, FakeClock, FakeKeycloak, Key, assert_invalid_token, make_token

FIXTURES = Path(__file__).parent / "fixtures"


def test_odd_jwks_entries_are_skipped(rsa_key: Key) -> None:
    doc = json.loads((FIXTURES / "odd_jwks.json").read_text())
    doc["keys"].append(rsa_key.jwk())
    keys = parse_jwks(doc, ASYMMETRIC_ALGORITHMS)
    assert set(keys) == {"rsa-1"}
    assert set(keys["rsa-1"]) == {"RS256"}


def test_jwk_without_alg_gets_every_allowed_alg_of_its_type(rsa_key: Key) -> None:
    keys = parse_jwks({"keys": [rsa_key.jwk(with_alg=False)]}, ["RS256", "PS256", "ES256"])
    assert set(keys["rsa-1"]) == {"RS256", "PS256"}


def private_jwk(key: Key) -> dict[str, Any]:
    """The whole key pair as a JWK, well formed (RSA with its primes and CRT values): PyJWK loads it."""
    if isinstance(key.private, rsa.RSAPrivateKey):
        jwk = RSAAlgorithm.to_jwk(key.private, as_dict=True)
    elif isinstance(key.private, ec.EllipticCurvePrivateKey):
        jwk = ECAlgorithm.to_jwk(key.private, as_dict=True)
    else:
        jwk = OKPAlgorithm.to_jwk(key.private, as_dict=True)
    return dict(jwk, kid=key.kid, use="sig", alg=key.alg)


def test_a_well_formed_private_jwk_is_skipped(rsa_key: Key, ec_key: Key, ed_key: Key) -> None:
    jwks = [private_jwk(key) for key in (rsa_key, ec_key, ed_key)]
    # They are usable keys: were the private ones let through, each would be loaded.
    assert set(parse_jwks({"keys": [{k: v for k, v in jwk.items() if k != "d"} for jwk in jwks]},
                          ASYMMETRIC_ALGORITHMS)) == {"rsa-1", "ec-1", "ed-1"}
    for jwk in jwks:
        assert {"d", "kid", "alg"} <= set(jwk)
        PyJWK(jwk, algorithm=jwk["alg"])  # well formed: PyJWT builds a private key from it
    assert parse_jwks({"keys": jwks}, ASYMMETRIC_ALGORITHMS) == {}


def test_a_private_jwk_in_keycloaks_answer_is_never_used(env: Env, rsa_key: Key, ec_key: Key) -> None:
    env.keycloak.jwks = [private_jwk(rsa_key), ec_key.jwk()]
    assert_invalid_token(env.get("/me", make_token(rsa_key)), errors.UnknownKey.description)
    assert env.get("/me", make_token(ec_key)).status_code == 200


def test_short_rsa_keys_are_skipped() -> None:
    short = Key("short", rsa.generate_private_key(public_exponent=65537, key_size=1024), "RS256")
    assert parse_jwks({"keys": [short.jwk()]}, ASYMMETRIC_ALGORITHMS) == {}


def test_jwks_without_key_list() -> None:
    assert parse_jwks({"keys": "nope"}, ASYMMETRIC_ALGORITHMS) == {}


def test_discovery_then_jwks_are_fetched_once(env: Env, rsa_key: Key) -> None:
    for _ in range(5):
        assert env.get("/me", make_token(rsa_key)).status_code == 200
    assert [str(r.url) for r in env.keycloak.requests] == [DISCOVERY, JWKS_URI]
    assert env.registry.get_sample_value("docs_auth_jwks_fetches_total", {"outcome": "ok"}) == 1


def test_key_rotation_is_picked_up(env: Env, rsa_key: Key, rsa_key2: Key) -> None:
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    env.keycloak.jwks = [rsa_key2.jwk()]  # Keycloak rotated; old key removed
    env.monotonic.advance(11)
    assert env.get("/me", make_token(rsa_key2)).status_code == 200
    assert env.keycloak.count(JWKS_URI) == 2
    # The removed key no longer verifies, even for a token seen before.
    assert_invalid_token(env.get("/me", make_token(rsa_key)), errors.UnknownKey.description)


def test_keys_expire_after_their_lifespan(env: Env, rsa_key: Key) -> None:
    env.get("/me", make_token(rsa_key))
    env.monotonic.advance(299)
    env.get("/me", make_token(rsa_key))
    assert env.keycloak.count(JWKS_URI) == 1
    env.monotonic.advance(1)
    env.get("/me", make_token(rsa_key))
    assert env.keycloak.count(JWKS_URI) == 2


def test_keycloak_down_with_cached_key_still_verifies(env: Env, rsa_key: Key) -> None:
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    env.keycloak.up = False
    env.monotonic.advance(3600)  # far past the cache lifespan
    for _ in range(3):
        assert env.get("/me", make_token(rsa_key)).status_code == 200
    # One failed attempt, then none until the refetch interval has passed.
    assert len(env.keycloak.requests) == 3
    env.monotonic.advance(10)
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    # The failure dropped the discovery document: the retry starts from discovery.
    assert [str(r.url) for r in env.keycloak.requests[2:]] == [JWKS_URI, DISCOVERY]
    env.keycloak.up = True
    env.monotonic.advance(10)
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    assert [str(r.url) for r in env.keycloak.requests[4:]] == [DISCOVERY, JWKS_URI]
    assert env.registry.get_sample_value("docs_auth_jwks_fetches_total", {"outcome": "error"}) == 2


def test_keycloak_down_without_cached_key_is_503(env: Env, rsa_key: Key) -> None:
    env.keycloak.up = False
    for _ in range(3):
        response = env.get("/me", make_token(rsa_key))
        assert response.status_code == 503
        assert response.headers["retry-after"] == "10"
        assert "www-authenticate" not in response.headers
        assert response.json() == {
            "detail": {"error": "temporarily_unavailable", "error_description": KeySetUnavailable.description}
        }
    assert len(env.keycloak.requests) == 1  # no hammering while it is down
    assert env.count("keyset_unavailable") == 3
    env.keycloak.up = True
    env.monotonic.advance(10)
    assert env.get("/me", make_token(rsa_key)).status_code == 200


@pytest.mark.parametrize(
    "breakage",
    [
        lambda kc: setattr(kc, "issuer", "http://localhost:8080/realms/master"),
        lambda kc: setattr(kc, "jwks", []),
        lambda kc: setattr(kc, "jwks", [{"kid": "x", "kty": "oct", "k": "AAAA"}]),
    ],
)
def test_unusable_provider_answers_are_503(env: Env, rsa_key: Key, breakage: Callable[[FakeKeycloak], None]) -> None:
    breakage(env.keycloak)
    assert env.get("/me", make_token(rsa_key)).status_code == 503


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(500, text="oops"),
        httpx.Response(200, text="<html>"),
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"issuer": "http://localhost:8080/realms/docs", "jwks_uri": "file:///etc/passwd"}),
    ],
)
def test_bad_discovery_documents_are_503(rsa_key: Key, response: httpx.Response) -> None:
    transport = httpx.MockTransport(lambda request: response)
    validator = TokenValidator(
        AuthSettings(), http_client=httpx.AsyncClient(transport=transport), registry=CollectorRegistry()
    )
    with pytest.raises(KeySetUnavailable):
        asyncio.run(validator.validate(make_token(rsa_key)))


def test_discovery_url_override_skips_the_issuer_check(keycloak: FakeKeycloak, rsa_key: Key) -> None:
    # Split horizon: the backend reaches Keycloak by an internal name that Keycloak echoes.
    internal = "http://keycloak:8080/realms/docs"

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == f"{internal}/.well-known/openid-configuration":
            return httpx.Response(200, json={"issuer": internal, "jwks_uri": f"{internal}/certs"})
        if str(request.url) == f"{internal}/certs":
            return httpx.Response(200, json={"keys": [rsa_key.jwk()]})
        return httpx.Response(404)

    validator = TokenValidator(
        AuthSettings(discovery_url=f"{internal}/.well-known/openid-configuration"),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        registry=CollectorRegistry(),
    )
    user = asyncio.run(validator.validate(make_token(rsa_key)))
    assert user.sub == "7f1c-user"


def test_concurrent_flood_of_unknown_kids_costs_one_fetch(keycloak: FakeKeycloak, rsa_key: Key, attacker_key: Key) -> None:
    clock = FakeClock(0.0)

    async def scenario() -> list[Any]:
        validator = TokenValidator(
            AuthSettings(),
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(keycloak.handler)),
            registry=CollectorRegistry(),
            monotonic=clock,
        )
        await validator.validate(make_token(rsa_key))  # keys loaded
        clock.advance(60)  # a forced refetch is allowed again
        kids = ["".join(random.choices(string.ascii_letters, k=12)) for _ in range(40)]
        return await asyncio.gather(
            *(validator.validate(make_token(attacker_key, kid=kid)) for kid in kids), return_exceptions=True
        )

    results = asyncio.run(scenario())
    assert all(isinstance(r, UnknownKey) for r in results)
    assert keycloak.count(JWKS_URI) == 2


def test_concurrent_first_requests_share_one_fetch_in_each_event_loop(keycloak: FakeKeycloak, rsa_key: Key) -> None:
    # Keycloak answers the JWKS only when the test says so, so the five validations are all there while the first
    # fetch is under way (an answer that never suspends would let the first one finish before the others start).
    gate: dict[str, asyncio.Event] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == JWKS_URI:
            gate["fetching"].set()
            await gate["answer"].wait()
        return keycloak.handler(request)

    clock = FakeClock(0.0)
    validator = TokenValidator(
        AuthSettings(),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        registry=CollectorRegistry(),
        monotonic=clock,
    )

    async def five_requests_at_once() -> list[str]:
        gate.update(fetching=asyncio.Event(), answer=asyncio.Event())
        requests = [asyncio.create_task(validator.validate(make_token(rsa_key))) for _ in range(5)]
        await gate["fetching"].wait()  # the first is fetching; the four others have run up to where they wait
        gate["answer"].set()
        return [type(r).__name__ for r in await asyncio.gather(*requests, return_exceptions=True)]

    # No key yet: without the lock the four others would find no key and answer 503 (KeySetUnavailable).
    assert asyncio.run(five_requests_at_once()) == ["User"] * 5
    assert keycloak.count(JWKS_URI) == 1
    # Another event loop (asyncio.run again, as another worker thread's loop): the keys are stale, the five
    # refresh together again, on this loop's own lock (one lock shared by two loops raises RuntimeError).
    clock.advance(300)
    assert asyncio.run(five_requests_at_once()) == ["User"] * 5
    assert keycloak.count(JWKS_URI) == 2


def test_warm_up_fetches_keys(keycloak: FakeKeycloak) -> None:
    validator = TokenValidator(
        AuthSettings(),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(keycloak.handler)),
        registry=CollectorRegistry(),
    )
    assert asyncio.run(validator.warm_up()) is True
    assert validator.keys.kids == {"rsa-1", "ec-1"}
    keycloak.up = False
    assert asyncio.run(validator.warm_up()) is False  # within the refetch interval: not even tried
    assert len(keycloak.requests) == 2


def test_default_http_client_is_used_without_injection(rsa_key: Key, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on this port: the real httpx client fails to connect -> 503.
    validator = TokenValidator(
        AuthSettings(issuer="http://127.0.0.1:9/realms/docs", http_timeout_seconds=0.5), registry=CollectorRegistry()
    )
    with pytest.raises(KeySetUnavailable):
        asyncio.run(validator.validate(make_token(rsa_key)))
