"""``require_verified_email``: a valid token whose reader has not verified their e-mail address gets 403.

RFC 6750 §3.1 ``insufficient_scope``: the token is valid (``invalid_token`` would make a client renew it and
try again, in vain), but does not grant what the API asks for. Off by default.
"""

# No `from __future__ import annotations`: FastAPI must evaluate the endpoints' annotations, which name locals.
from collections.abc import Callable
from typing import Any

import pytest

from docs_auth import AuthSettings, BearerError, EmailNotVerified, KeycloakBearer

from .conftest import Env, Key, claims, make_token

DESCRIPTION = "The reader's e-mail address is not verified"
CHALLENGE = f'Bearer realm="docs", error="insufficient_scope", error_description="{DESCRIPTION}"'


def assert_unverified(response: Any) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["www-authenticate"] == CHALLENGE
    assert response.json() == {"detail": {"error": "insufficient_scope", "error_description": DESCRIPTION}}
    BearerError.model_validate(response.json())


def test_off_by_default_an_unverified_reader_is_let_in(env: Env, rsa_key: Key) -> None:
    assert AuthSettings().require_verified_email is False
    response = env.get("/me", make_token(rsa_key, claims(email_verified=False)))
    assert response.status_code == 200, response.text
    assert response.json()["email_verified"] is False


@pytest.mark.parametrize("path", ["/me", "/me-direct", "/maybe", "/admin", "/reader"])
@pytest.mark.parametrize("verified", [False, None, "true", 1], ids=["false", "absent", "string", "number"])
def test_on_anything_but_true_is_refused_everywhere_the_scheme_is(
        make_env: Callable[..., Env], rsa_key: Key, path: str, verified: object) -> None:
    env = make_env(require_verified_email=True)
    assert_unverified(env.get(path, make_token(rsa_key, claims(email_verified=verified))))
    assert env.count("email_unverified") == 1
    assert env.count("accepted") == 0


def test_on_a_verified_reader_is_let_in(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(require_verified_email=True)
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 200, response.text
    assert response.json()["email_verified"] is True


def test_a_refused_token_is_never_cached_as_accepted(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(require_verified_email=True)
    token = make_token(rsa_key, claims(email_verified=False))
    assert_unverified(env.get("/me", token))
    assert_unverified(env.get("/me", token))
    assert env.count("email_unverified") == 2


def test_a_forged_token_is_still_401_not_403(make_env: Callable[..., Env], rsa_key: Key, attacker_key: Key) -> None:
    env = make_env(require_verified_email=True)
    response = env.get("/me", make_token(attacker_key, claims(email_verified=False), kid=rsa_key.kid))
    assert response.status_code == 401
    assert env.count("email_unverified") == 0


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_AUTH_REQUIRE_VERIFIED_EMAIL", "true")
    assert AuthSettings().require_verified_email is True


def test_the_error_class() -> None:
    assert (EmailNotVerified.status_code, EmailNotVerified.error, EmailNotVerified.reason) == (
        403, "insufficient_scope", "email_unverified")
    assert EmailNotVerified.description == DESCRIPTION


def test_openapi_documents_the_403_on_every_operation(make_env: Callable[..., Env]) -> None:
    env = make_env(require_verified_email=True)
    KeycloakBearer(env.validator).document(env.app)
    schema = env.app.openapi()
    for path in ("/me", "/maybe", "/me-direct"):
        operation = schema["paths"][path]["get"]
        if "security" not in operation:  # /me-direct declares no requirement: nothing to add
            assert "403" not in operation["responses"]
            continue
        forbidden = operation["responses"]["403"]
        assert "e-mail address is not verified" in forbidden["description"]
        examples = forbidden["content"]["application/json"]["examples"]
        assert examples["email_unverified"]["value"]["detail"] == {
            "error": "insufficient_scope", "error_description": DESCRIPTION}
        assert "insufficient_scope" not in examples  # no role is required on these
    admin = schema["paths"]["/admin"]["get"]["responses"]["403"]
    assert set(admin["content"]["application/json"]["examples"]) == {"insufficient_scope", "email_unverified"}
    assert "role" in admin["description"] and "not verified" in admin["description"]


def test_openapi_without_the_setting_has_no_403_for_it(make_env: Callable[..., Env]) -> None:
    env = make_env()
    KeycloakBearer(env.validator).document(env.app)
    schema = env.app.openapi()
    assert "403" not in schema["paths"]["/me"]["get"]["responses"]
    admin = schema["paths"]["/admin"]["get"]["responses"]["403"]
    assert set(admin["content"]["application/json"]["examples"]) == {"insufficient_scope"}
