"""The log line of each refused token: what an operator reads to find out why a reader got 401, 403 or 503.

    token refused: reason=<code> kid=<header kid> sub=<sub, once the signature is checked> detail=<what was wrong>

Each value taken from the token is clipped to 80 characters (a forged token can carry a kid of kilobytes), the token
itself is never written, and refusals that are Keycloak's fault (503) are warnings, the others information. The
lines are asserted whole: mutation testing (mutmut) changed the details and the clipping with every test passing.
"""

import logging
from typing import Any, Callable

import pytest

from .conftest import Env, Key, claims, make_token, unsigned


def refusals(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.getMessage().startswith("token refused")]


@pytest.mark.parametrize(
    ("settings", "payload", "line"),
    [
        ({}, {"typ": "ID"}, "reason=wrong_type kid='rsa-1' sub='7f1c-user' detail=typ 'ID'"),
        ({"allowed_azp": ["docs-site"]}, {"azp": "another-client"},
         "reason=wrong_azp kid='rsa-1' sub='7f1c-user' detail=azp 'another-client'"),
        ({"require_verified_email": True}, {"email_verified": False},
         "reason=email_unverified kid='rsa-1' sub='7f1c-user' detail=email_verified False"),
    ],
    ids=["typ", "azp", "email-verified"],
)
def test_a_refusal_after_the_signature_names_the_claim_at_fault(make_env: Callable[..., Env], rsa_key: Key,
                                                               logged: pytest.LogCaptureFixture,
                                                               settings: dict[str, Any], payload: dict[str, Any],
                                                               line: str) -> None:
    env = make_env(**settings)
    token = make_token(rsa_key, claims(**payload))
    assert env.get("/me", token).status_code in (401, 403)
    assert refusals(logged) == [(logging.INFO, f"token refused: {line}")]
    assert token.split(".")[1] not in logged.text


def test_a_token_without_a_kid_is_logged_as_such(env: Env, logged: pytest.LogCaptureFixture) -> None:
    env.get("/me", unsigned({"alg": "RS256", "typ": "JWT"}, claims(), b"x" * 256))
    assert refusals(logged) == [(logging.INFO, "token refused: reason=unknown_key kid=None sub=None detail=no kid")]


@pytest.mark.parametrize(("length", "logged_kid"), [(78, "'" + "k" * 78 + "'"), (79, "'" + "k" * 76 + "...")],
                         ids=["80-characters-whole", "81-characters-clipped"])
def test_a_kid_from_the_token_is_clipped_to_80_characters(env: Env, logged: pytest.LogCaptureFixture,
                                                          length: int, logged_kid: str) -> None:
    env.get("/me", unsigned({"alg": "RS256", "typ": "JWT", "kid": "k" * length}, claims(), b"x" * 256))
    ((_, line),) = refusals(logged)
    assert line == f"token refused: reason=unknown_key kid={logged_kid} sub=None detail=-"


def test_keycloak_out_of_reach_is_a_warning(env: Env, rsa_key: Key, logged: pytest.LogCaptureFixture) -> None:
    env.keycloak.up = False
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 503
    assert refusals(logged) == [(logging.WARNING, "token refused: reason=keyset_unavailable kid='rsa-1' sub=None "
                                                  "detail=-")]


def test_a_token_in_the_query_string_is_logged_without_it(env: Env, rsa_key: Key,
                                                         logged: pytest.LogCaptureFixture) -> None:
    token = make_token(rsa_key)
    assert env.client.get("/me", params={"access_token": token}).status_code == 400
    assert refusals(logged) == [(logging.INFO, "token refused: reason=token_in_query")]
    assert token.split(".")[1] not in logged.text


@pytest.mark.parametrize(("interval", "retry_after"), [(0.0, "1"), (0.2, "1"), (1.2, "2"), (10.0, "10")])
def test_retry_after_is_the_refetch_interval_in_whole_seconds_rounded_up_and_at_least_one(
        make_env: Callable[..., Env], rsa_key: Key, interval: float, retry_after: str) -> None:
    # RFC 9110 §10.2.3: delay-seconds is a non-negative integer; 0 would invite a client to hammer the API, and a
    # client that waits less than the interval gets 503 again.
    env = make_env(jwks_min_refetch_seconds=interval)
    env.keycloak.up = False
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 503 and response.headers["retry-after"] == retry_after
