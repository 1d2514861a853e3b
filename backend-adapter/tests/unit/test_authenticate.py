"""``await scheme.authenticate(request)``: the same answers as ``Depends(scheme)``, for endpoints that skip Depends."""

from __future__ import annotations

import pytest

from docs_auth import errors

from .conftest import Env, Key, assert_invalid_token, claims, make_token


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

