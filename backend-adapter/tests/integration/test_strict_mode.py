"""Strict mode asks Keycloak's introspection endpoint: a token of a session that was signed out is refused
at once, where the default (local) check accepts it until it expires."""

from __future__ import annotations

import asyncio
import os

import pytest
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, InactiveToken, TokenValidator

from docs_testkit.keycloak_reader import Reader

# The development default of realm-config/docs-realm.json (RAG_API_CLIENT_SECRET overrides it).
RAG_API_SECRET = os.environ.get("RAG_API_CLIENT_SECRET", "dev-only-rag-api-secret")


def validator(keycloak_url: str, *, strict: bool) -> TokenValidator:
    settings = AuthSettings(issuer=f"{keycloak_url}/realms/docs", strict=strict, introspection_cache_seconds=0,
                            introspection_client_id="rag-api" if strict else None,
                            introspection_client_secret=RAG_API_SECRET if strict else None)
    return TokenValidator(settings, registry=CollectorRegistry())


def test_a_signed_out_session_is_refused_in_strict_mode_only(keycloak_url: str) -> None:
    reader = Reader(keycloak_url)
    tokens = reader.sign_up(experienceLevel="advanced", professionalRole="educator")
    strict, local = validator(keycloak_url, strict=True), validator(keycloak_url, strict=False)

    async def scenario() -> None:
        assert (await strict.validate(tokens.access_token)).email == reader.email
        assert (await local.validate(tokens.access_token)).email == reader.email

        reader.sign_out(tokens)

        # The verified-token cache holds the token, yet strict mode asks Keycloak again.
        with pytest.raises(InactiveToken):
            await strict.validate(tokens.access_token)
        assert (await local.validate(tokens.access_token)).email == reader.email

    asyncio.run(scenario())
    reader.close()


def test_strict_mode_with_a_wrong_client_secret_fails_closed(keycloak_url: str) -> None:
    reader = Reader(keycloak_url)
    tokens = reader.sign_up(experienceLevel="beginner", professionalRole="hobbyist")
    settings = AuthSettings(issuer=f"{keycloak_url}/realms/docs", strict=True,
                            introspection_client_id="rag-api", introspection_client_secret="not-the-secret")
    wrong = TokenValidator(settings, registry=CollectorRegistry())

    async def scenario() -> None:
        with pytest.raises(Exception) as refused:
            await wrong.validate(tokens.access_token)
        assert refused.type.__name__ in ("IntrospectionUnavailable", "InactiveToken")

    asyncio.run(scenario())
    reader.close()
