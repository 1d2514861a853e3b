"""Tokens that Keycloak really issued, offered where they do not belong, are refused by the example backend."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator

import httpx
import pytest

from docs_testkit import secrets_seen
from docs_testkit.admin import admin_token
from docs_testkit.keycloak_reader import Reader


def challenge_of(r: httpx.Response) -> str:
    assert r.status_code == 401, r.text
    return r.headers["www-authenticate"]


@pytest.fixture(scope="module")
def tokens(keycloak_url: str):  # type: ignore[no-untyped-def]
    reader = Reader(keycloak_url)
    yield reader.sign_up(experienceLevel="intermediate", professionalRole="software-engineer")
    reader.close()


def test_the_access_token_itself_is_accepted(tokens, backend: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    assert backend.get("/api/me", headers={"Authorization": f"Bearer {tokens.access_token}"}).status_code == 200


@pytest.mark.parametrize("which, why", [
    ("id_token", "The token is not meant for this API"),  # aud is docs-site
    ("refresh_token", "The token signing algorithm is not accepted"),  # Keycloak signs these with HS512
])
def test_an_id_or_refresh_token_is_not_an_access_token(tokens, backend: httpx.Client, which: str, why: str) -> None:  # type: ignore[no-untyped-def]
    r = backend.get("/api/me", headers={"Authorization": f"Bearer {getattr(tokens, which)}"})

    assert challenge_of(r).endswith(f'error="invalid_token", error_description="{why}"')


def test_a_token_of_another_realm_is_refused(keycloak_url: str, backend: httpx.Client) -> None:
    master = admin_token(keycloak_url)  # the development admin's: a token of the master realm

    r = backend.get("/api/me", headers={"Authorization": f"Bearer {master}"})

    # Each realm has its own keys: the master realm's kid is not in the docs realm's key set.
    assert 'error_description="The token was signed by an unknown key"' in challenge_of(r)


@pytest.fixture
def other_client(admin: httpx.Client) -> Iterator[tuple[str, str]]:
    """A confidential client of the docs realm with a service account (removed afterwards): its tokens are the
    realm's, signed by the realm's keys, for no audience of ours. (The realm refuses password grants to every
    client, so no reader's token can be had outside the hosted pages.)"""
    client_id = f"test-other-audience-{uuid.uuid4().hex[:8]}"
    r = admin.post("/clients", json={"clientId": client_id, "publicClient": False, "serviceAccountsEnabled": True,
                                     "standardFlowEnabled": False, "directAccessGrantsEnabled": False})
    assert r.status_code == 201, r.text
    internal_id = r.headers["location"].rsplit("/", 1)[-1]
    secret = admin.get(f"/clients/{internal_id}/client-secret").json()["value"]
    yield client_id, secret
    admin.delete(f"/clients/{internal_id}")


def client_credentials_token(keycloak_url: str, client_id: str, secret: str) -> tuple[str, dict[str, object]]:
    """An access token of the docs realm for a client's service account, and its claims."""
    r = httpx.post(f"{keycloak_url}/realms/docs/protocol/openid-connect/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    assert r.status_code == 200, r.text
    secrets_seen.response(r)
    token = r.json()["access_token"]
    return token, json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))


def test_a_token_of_the_realm_for_another_audience_is_refused(keycloak_url: str, backend: httpx.Client,
                                                              other_client: tuple[str, str]) -> None:
    token, claims = client_credentials_token(keycloak_url, *other_client)
    assert "rag-api" not in (claims.get("aud") or [])

    refused = backend.get("/api/me", headers={"Authorization": f"Bearer {token}"})

    assert 'error_description="The token is not meant for this API"' in challenge_of(refused)


@pytest.fixture
def client_for_the_api(admin: httpx.Client, other_client: tuple[str, str]) -> tuple[str, str]:
    """other_client with Keycloak's audience mapper for rag-api: its tokens are for this API, issued to it."""
    client_id, secret = other_client
    internal_id = admin.get("/clients", params={"clientId": client_id}).json()[0]["id"]
    r = admin.post(f"/clients/{internal_id}/protocol-mappers/models", json={
        "name": "audience rag-api", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
        "config": {"included.client.audience": "rag-api", "access.token.claim": "true"}})
    assert r.status_code == 201, r.text
    return client_id, secret


def test_a_token_for_this_api_issued_to_another_client_is_refused(keycloak_url: str, backend: httpx.Client,
                                                                   client_for_the_api: tuple[str, str]) -> None:
    # The example API takes tokens whose azp is the docs site alone (RagAuthSettings, issue 22 finding 8).
    token, claims = client_credentials_token(keycloak_url, *client_for_the_api)
    assert "rag-api" in claims["aud"] and claims["azp"] == client_for_the_api[0]

    refused = backend.get("/api/me", headers={"Authorization": f"Bearer {token}"})

    assert 'error_description="The token was issued to a client not allowed here"' in challenge_of(refused)


def test_a_changed_claim_breaks_the_signature(tokens, backend: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    header, payload, signature = tokens.access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["experience_level"] = "advanced"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()

    r = backend.get("/api/me", headers={"Authorization": f"Bearer {header}.{forged}.{signature}"})

    assert 'error_description="The token signature is invalid"' in challenge_of(r)


def test_a_token_in_the_query_string_is_refused(tokens, backend: httpx.Client) -> None:  # type: ignore[no-untyped-def]
    r = backend.get("/api/me", params={"access_token": tokens.access_token})

    assert r.status_code == 400 and 'error="invalid_request"' in r.headers["www-authenticate"]
