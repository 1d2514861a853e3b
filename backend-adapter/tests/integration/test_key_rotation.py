"""The realm's signing key is rotated: tokens signed by the new key verify, after exactly one JWKS fetch, and tokens
signed by the old (now passive) key still verify until they expire. (That one refetch per unknown kid is the most
there is, even for a flood of random kids, is a unit test: tests/unit/test_jwks.py.)

The fetches are counted on a validator of this test's own, on the real Keycloak, with its own rate-limit clock:
the example backend's clock is real and its last fetch may be a moment ago (its 5-minute cache ending during an
earlier test), when an unknown kid is refused for 10 s by design, and the backend already knows the realm's
original key, so its count cannot tell a rotation from nothing."""

from __future__ import annotations

import asyncio
import base64
import json

import httpx
import pytest
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, TokenValidator, UnknownKey, User
from docs_testkit.keycloak_reader import Reader


def kid_of(token: str) -> str:
    return str(json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"])


class Clock:
    """The validator's monotonic clock, moved by the test (its rate limit between fetches)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_tokens_of_a_rotated_key_verify_after_one_fetch_and_old_ones_still_do(
        keycloak_url: str, backend: httpx.Client, admin: httpx.Client) -> None:
    registry, clock = CollectorRegistry(), Clock()
    # No cache of verified tokens: each validation below looks its key up.
    settings = AuthSettings(issuer=f"{keycloak_url}/realms/docs", token_cache_size=0)
    validator = TokenValidator(settings, registry=registry, monotonic=clock)

    def validate(token: str) -> User:
        return asyncio.run(validator.validate(token))

    def fetches() -> float:
        return registry.get_sample_value("docs_auth_jwks_fetches_total", {"outcome": "ok"}) or 0.0

    reader = Reader(keycloak_url)
    old = reader.sign_up(experienceLevel="intermediate", professionalRole="researcher")
    assert validate(old.access_token).sub
    assert fetches() == 1
    assert backend.get("/api/me", headers={"Authorization": f"Bearer {old.access_token}"}).status_code == 200

    # Rotation: a new active RS256 key with a higher priority signs from now on; the old key turns passive
    # (it verifies, it no longer signs).
    realm_id = admin.get("").json()["id"]
    r = admin.post("/components", json={
        "name": "rotated-rsa", "providerId": "rsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
        "parentId": realm_id, "config": {"priority": ["500"], "algorithm": ["RS256"], "keySize": ["2048"]}})
    assert r.status_code == 201, r.text
    new_component = r.headers["location"].rsplit("/", 1)[-1]
    old_key = next(k for k in admin.get("/keys").json()["keys"] if k["kid"] == kid_of(old.access_token))
    old_component = admin.get(f"/components/{old_key['providerId']}").json()
    old_component["config"]["active"] = ["false"]
    try:
        assert admin.put(f"/components/{old_key['providerId']}", json=old_component).status_code == 204

        new = reader.refresh(old)

        assert kid_of(new.access_token) != kid_of(old.access_token)
        # Within the rate limit of the first fetch, the new kid is unknown and nothing is fetched.
        with pytest.raises(UnknownKey):
            validate(new.access_token)
        assert fetches() == 1
        clock.now += settings.jwks_min_refetch_seconds
        for _ in range(3):
            assert validate(new.access_token).sub == validate(old.access_token).sub
        assert fetches() == 2  # one fetch for the new kid, not one per request; the old key is still in it
        assert backend.get("/api/me", headers={"Authorization": f"Bearer {old.access_token}"}).status_code == 200
    finally:
        old_component["config"]["active"] = ["true"]
        admin.put(f"/components/{old_key['providerId']}", json=old_component)
        admin.delete(f"/components/{new_component}")
        reader.close()
