"""Settings from DOCS_AUTH_* and the User model."""

import pytest
from pydantic import ValidationError

from docs_auth import AuthSettings, User


def test_defaults_match_the_contract() -> None:
    s = AuthSettings()
    assert s.issuer == "http://localhost:8080/realms/docs"
    assert s.audience == "rag-api"
    assert s.leeway_seconds == 30
    assert s.strict is False
    assert s.allowed_azp == []
    assert "HS256" not in s.algorithms and "none" not in s.algorithms
    assert s.effective_discovery_url == "http://localhost:8080/realms/docs/.well-known/openid-configuration"
    assert s.effective_realm_name == "docs"
    assert s.max_token_bytes == 16384


def test_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_AUTH_ISSUER", "https://id.example.org/realms/docs/")
    monkeypatch.setenv("DOCS_AUTH_AUDIENCE", "chat")
    monkeypatch.setenv("DOCS_AUTH_LEEWAY_SECONDS", "5")
    monkeypatch.setenv("DOCS_AUTH_ALLOWED_AZP", "docs-site, cli ,")
    monkeypatch.setenv("DOCS_AUTH_ALGORITHMS", "RS256,ES256")
    monkeypatch.setenv("DOCS_AUTH_STRICT", "true")
    monkeypatch.setenv("DOCS_AUTH_INTROSPECTION_CLIENT_ID", "rag-api")
    monkeypatch.setenv("DOCS_AUTH_INTROSPECTION_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("DOCS_AUTH_JWKS_CACHE_SECONDS", "60")
    monkeypatch.setenv("DOCS_AUTH_JWKS_MIN_REFETCH_SECONDS", "2")
    s = AuthSettings()
    assert s.issuer == "https://id.example.org/realms/docs"  # trailing slash dropped
    assert s.audience == "chat"
    assert s.leeway_seconds == 5
    assert s.allowed_azp == ["docs-site", "cli"]
    assert s.algorithms == ["RS256", "ES256"]
    assert s.strict is True
    assert s.introspection_client_secret is not None
    assert s.introspection_client_secret.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(s)
    assert (s.jwks_cache_seconds, s.jwks_min_refetch_seconds) == (60, 2)


def test_json_list_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_AUTH_ALLOWED_AZP", '["docs-site"]')
    assert AuthSettings().allowed_azp == ["docs-site"]


@pytest.mark.parametrize("algs", ["HS256", "RS256,none", "", "HS512"])
def test_symmetric_or_none_algorithms_cannot_be_enabled(algs: str) -> None:
    with pytest.raises(ValidationError):
        AuthSettings(algorithms=algs)  # type: ignore[arg-type]


@pytest.mark.parametrize("issuer", ["localhost:8080/realms/docs", "file:///etc", "http://"])
def test_issuer_must_be_an_http_url(issuer: str) -> None:
    with pytest.raises(ValidationError):
        AuthSettings(issuer=issuer)


def test_realm_name_fallback() -> None:
    assert AuthSettings(issuer="http://host").effective_realm_name == "api"
    assert AuthSettings(realm_name="x\ny").effective_realm_name == "xy"


def test_user_from_claims_tolerates_odd_types() -> None:
    user = User.from_claims(
        {
            "sub": "u1",
            "email": ["not", "a", "string"],
            "email_verified": "yes",
            "experience_level": "beginner",
            "professional_role": "other",
            "role_other": "Luthier",
            "realm_access": {"roles": ["a", 3, "b"]},
            "resource_access": {"rag-api": {"roles": "reader"}, "x": "junk", "y": {"roles": ["r"]}},
        }
    )
    assert user.email is None and user.email_verified is None
    assert user.role_other == "Luthier"
    assert user.realm_roles == ["a", "b"]
    assert user.client_roles == {"rag-api": [], "x": [], "y": ["r"]}
    assert user.has_realm_role("a") and not user.has_realm_role("c")
    assert user.has_client_role("y", "r") and not user.has_client_role("z", "r")
    with pytest.raises(ValidationError):
        user.sub = "other"


def test_raw_claims_stay_out_of_responses() -> None:
    user = User.from_claims({"sub": "u1", "sid": "session-id"})
    assert user.claims["sid"] == "session-id"
    assert "claims" not in user.model_dump()
    assert "session-id" not in user.model_dump_json()


def test_every_claim_of_a_keycloak_token_lands_in_its_field() -> None:
    # One field at a time could go missing unseen (mutmut dropped preferred_username): the whole record is compared.
    user = User.from_claims({
        "sub": "u1", "email": "ada@example.org", "email_verified": True, "name": "Ada Lovelace",
        "preferred_username": "ada", "experience_level": "advanced", "professional_role": "other",
        "role_other": "Luthier", "organization": "Analytical Engines",
        "realm_access": {"roles": ["default-roles-docs"]}, "resource_access": {"rag-api": {"roles": ["reader"]}},
    })
    assert user.model_dump() == {
        "sub": "u1", "email": "ada@example.org", "email_verified": True, "name": "Ada Lovelace",
        "preferred_username": "ada", "experience_level": "advanced", "professional_role": "other",
        "role_other": "Luthier", "organization": "Analytical Engines",
        "realm_roles": ["default-roles-docs"], "client_roles": {"rag-api": ["reader"]},
    }
