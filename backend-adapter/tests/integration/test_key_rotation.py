"""The realm's signing key is rotated: tokens signed by the new key verify, after one JWKS fetch, and tokens
signed by the old (now passive) key still verify until they expire. (That one refetch per unknown kid is the
most there is, even for a flood of random kids, is a unit test: tests/unit/test_jwks.py.)"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator

import httpx
import pytest

from keycloak_reader import Reader


def kid_of(token: str) -> str:
    return str(json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"])


def jwks_fetches(backend: httpx.Client) -> float:
    match = re.search(r"^docs_auth_jwks_fetches_total\S* (\S+)$", backend.get("/metrics").text, re.M)
    assert match, "docs_auth_jwks_fetches_total is not exposed"
    return float(match.group(1))


@pytest.fixture
def new_rsa_key(admin: httpx.Client) -> Iterator[str]:
    """A new active RS256 key with a higher priority than the realm's first one: Keycloak signs with it now."""
    realm_id = admin.get("").json()["id"]
    r = admin.post("/components", json={
        "name": "rotated-rsa", "providerId": "rsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
        "parentId": realm_id, "config": {"priority": ["500"], "algorithm": ["RS256"], "keySize": ["2048"]}})
    assert r.status_code == 201, r.text
    component_id = r.headers["location"].rsplit("/", 1)[-1]
    yield component_id
    admin.delete(f"/components/{component_id}")


def test_tokens_of_a_rotated_key_verify_and_old_ones_still_do(keycloak_url: str, backend: httpx.Client,
                                                                admin: httpx.Client, new_rsa_key: str) -> None:
    reader = Reader(keycloak_url)
    old = reader.sign_up(experienceLevel="intermediate", professionalRole="researcher")
    assert backend.get("/api/me", headers={"Authorization": f"Bearer {old.access_token}"}).status_code == 200
    # The old key turns passive: it verifies but no longer signs.
    keys = admin.get("/keys").json()["keys"]
    old_key = next(k for k in keys if k["kid"] == kid_of(old.access_token))
    old_component = admin.get(f"/components/{old_key['providerId']}").json()
    old_component["config"]["active"] = ["false"]
    assert admin.put(f"/components/{old_key['providerId']}", json=old_component).status_code == 204
    try:
        fetches_before = jwks_fetches(backend)

        new = reader.refresh(old)

        assert kid_of(new.access_token) != kid_of(old.access_token)
        for _ in range(3):
            r = backend.get("/api/me", headers={"Authorization": f"Bearer {new.access_token}"})
            assert r.status_code == 200, r.text
        # At most one fetch for the new kid, not one per request (none if the cache had expired and took it in).
        assert jwks_fetches(backend) - fetches_before <= 1
        assert backend.get("/api/me", headers={"Authorization": f"Bearer {old.access_token}"}).status_code == 200
    finally:
        old_component["config"]["active"] = ["true"]
        admin.put(f"/components/{old_key['providerId']}", json=old_component)
        reader.close()
