"""Which keys of the realm's JWKS are used, what a fetch reports, and what a change of key set sets off.

``test_jwks.py`` covers discovery, caching, rotation and outages; these are the rules mutation testing (mutmut)
found unchecked there: RFC 7517's optional ``use``, Ed448, a declared ``alg`` its key cannot verify, the log lines
that name a skipped key or a failed fetch, and that only the signing keys in use decide whether the key set changed
(a change empties the verified-token cache).
"""

import asyncio
import logging
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ed448, rsa
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, TokenValidator
from docs_auth.jwks import compatible_algorithms, parse_jwks
from docs_auth.settings import ASYMMETRIC_ALGORITHMS

from .conftest import JWKS_URI, Env, FakeKeycloak, Key, make_token


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_a_jwk_without_use_is_a_signing_key(rsa_key: Key) -> None:
    # RFC 7517 §4.2: "use" is optional; Keycloak writes it, other providers may not.
    jwk = {k: v for k, v in rsa_key.jwk().items() if k != "use"}
    assert set(parse_jwks({"keys": [jwk]}, ASYMMETRIC_ALGORITHMS)) == {"rsa-1"}


def test_an_ed448_key_verifies_eddsa() -> None:
    ed448_key = Key("ed448-1", ed448.Ed448PrivateKey.generate(), "EdDSA")
    keys = parse_jwks({"keys": [ed448_key.jwk()]}, ASYMMETRIC_ALGORITHMS)
    assert set(keys["ed448-1"]) == {"EdDSA"}


@pytest.mark.parametrize("jwk", [{"kty": "EC", "crv": "Ed25519"}, {"kty": "EC", "crv": "Ed448"},
                                 {"kty": "OKP", "crv": "X25519"}, {"kty": "oct"}])
def test_a_curve_of_another_key_type_verifies_nothing(jwk: dict[str, Any]) -> None:
    assert compatible_algorithms(jwk) == ()


def test_a_jwk_declaring_an_alg_its_key_cannot_verify_is_left_out_quietly(rsa_key: Key,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="docs_auth")
    assert parse_jwks({"keys": [dict(rsa_key.jwk(), alg="ES256")]}, ASYMMETRIC_ALGORITHMS) == {}
    assert warnings(caplog) == []  # not even tried: nothing to warn about


def test_a_skipped_key_is_named_with_the_reason(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="docs_auth")
    broken = {"kid": "broken", "kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA", "use": "sig"}
    short = Key("short", rsa.generate_private_key(public_exponent=65537, key_size=1024), "RS256")
    assert parse_jwks({"keys": [broken, short.jwk()]}, ASYMMETRIC_ALGORITHMS) == {}
    assert warnings(caplog) == ["skipping JWK kid='broken': InvalidKeyError",
                                "skipping JWK kid='short': RSA key shorter than 2048 bits"]


def test_a_fetch_that_fails_says_so_and_why(keycloak: FakeKeycloak, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="docs_auth")
    keycloak.jwks = [dict(keycloak.jwks[0], use="enc")]  # nothing left to verify with
    validator = TokenValidator(AuthSettings(), registry=CollectorRegistry(),
                               http_client=httpx.AsyncClient(transport=httpx.MockTransport(keycloak.handler)))
    assert asyncio.run(validator.warm_up()) is False
    assert warnings(caplog) == ["JWKS fetch failed (JWKS has no usable signing key); 0 cached key(s) still in use"]


def test_a_change_to_a_key_not_used_for_signing_keeps_the_key_set(env: Env, rsa_key: Key, rsa_key2: Key,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="docs_auth")
    token = make_token(rsa_key)
    assert env.get("/me", token).status_code == 200
    # Keycloak's encryption key (use "enc", kid "enc-1") rotates; the signing keys stay.
    env.keycloak.jwks = [*env.keycloak.jwks[:2], dict(rsa_key2.jwk(), kid="enc-1", use="enc", alg="RSA-OAEP")]
    env.monotonic.advance(301)  # past jwks_cache_seconds: the next request fetches again
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    assert env.keycloak.count(JWKS_URI) == 2
    loaded = [r.getMessage() for r in caplog.records if r.getMessage().startswith("signing keys loaded")]
    assert loaded == ["signing keys loaded: kids=['ec-1', 'rsa-1']"]  # once, at the first fetch
    assert env.validator.cached(token) is not None  # the verified-token cache was kept
