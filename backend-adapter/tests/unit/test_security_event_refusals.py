"""What the security-event receiver says when it refuses a push, and what it logs.

RFC 8935 §2.3 gives a refused SET an ``err`` code and a human-readable ``description``; the transmitter (Keycloak's
``docs-signals`` listener) logs that description, so it is the operator's one clue to why deliveries fail. Each
refusal below is asserted whole: status, ``err``, description, and the receiver's own log line, which carries the
description too but never the SET or the push credential. The cases are the forgeries of ``test_security_events.py``
(which checks what a refused or accepted SET does to tokens); mutation testing (mutmut) showed the descriptions and
log lines could change unseen there.
"""

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jwt
import pytest

from docs_auth import MemoryRevocationStore, Revocation, security_events_router
from docs_auth.revocation import SESSION
from docs_auth.security_events import (
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    ACCOUNT_PURGED,
    CREDENTIAL_CHANGE,
    SESSION_REVOKED,
    SetError,
)

from .conftest import Env, Key, b64json, unsigned
from .test_security_events import (
    PATH,
    SECRET,
    SET_TYPE,
    Receiver,
    make_set,
    receiver,  # noqa: F401 (the fixture)
    session_id,
    set_claims,
    user_id,
)

OTHER_ISSUER = "http://localhost:8080/realms/other"
NOT_JWS = "The body is not a JWS compact serialization"


def no_claim(claim: str) -> Callable[[Key], str]:
    def build(key: Key) -> str:
        payload = set_claims()
        del payload[claim]
        return make_set(key, payload)

    return build


def with_claims(*args: Any, **overrides: Any) -> Callable[[Key], str]:
    return lambda key: make_set(key, set_claims(*args, **overrides))


def signed_by_hs256(_key: Key) -> str:
    return jwt.encode(set_claims(), "a shared secret of thirty-two bytes!", algorithm="HS256",
                      headers={"kid": "rsa-1", "typ": "secevent+jwt"})


def signed_under_kid(kid: str) -> Callable[[Key], str]:
    return lambda key: jwt.encode(set_claims(), key.private, algorithm="RS256",
                                  headers={"kid": kid, "typ": "secevent+jwt"} if kid else {"typ": "secevent+jwt"})


def with_signature_of_another_set(key: Key) -> str:
    first, second = make_set(key).split("."), make_set(key).split(".")
    return ".".join([first[0], first[1], second[2]])


# (test id, the body from the realm's key, err, description); every one is a 400.
SET_REFUSALS: list[tuple[str, Callable[[Key], str | bytes], str, str]] = [
    ("not-ascii", lambda _k: "é.b.c".encode(), "invalid_request", NOT_JWS),
    ("two-parts", lambda _k: "a.b", "invalid_request", NOT_JWS),
    ("header-not-json", lambda _k: "bm90IGpzb24.e30.AA", "invalid_request", "The SET's header is not base64url JSON"),
    ("header-array", lambda _k: f"{b64json([1])}.e30.AA", "invalid_request", "The SET's header is not a JSON object"),
    ("alg-not-a-string", lambda _k: f"{b64json({'alg': 1})}.e30.AA", "invalid_key",
     "The SET's signing algorithm is not accepted"),
    ("alg-hmac", signed_by_hs256, "invalid_key", "The SET's signing algorithm is not accepted"),
    ("alg-none", lambda _k: unsigned({"alg": "none", "typ": "secevent+jwt", "kid": "rsa-1"}, set_claims(), b"") + "AA",
     "invalid_key", "The SET's signing algorithm is not accepted"),
    ("typ-jwt", lambda key: make_set(key, typ="JWT"), "invalid_request", "The SET's typ header is not secevent+jwt"),
    ("crit", lambda key: make_set(key, crit=["exp"]), "invalid_request", "The SET uses a JWS extension (crit)"),
    ("no-kid", signed_under_kid(""), "invalid_key", "The SET names no signing key (kid)"),
    ("empty-kid", lambda key: make_set(key, kid=""), "invalid_key", "The SET names no signing key (kid)"),
    ("unknown-kid", signed_under_kid("rsa-unknown"), "invalid_key",
     "The SET was signed by a key the realm does not publish"),
    ("bad-signature", with_signature_of_another_set, "invalid_key", "The SET's signature is invalid"),
    ("other-issuer", with_claims(iss=OTHER_ISSUER), "invalid_issuer", "The SET comes from another issuer"),
    ("other-audience", with_claims(aud="another-api"), "invalid_audience", "The SET is meant for another audience"),
    ("no-iss", no_claim("iss"), "invalid_issuer", "The SET lacks the iss claim"),
    ("no-aud", no_claim("aud"), "invalid_audience", "The SET lacks the aud claim"),
    ("no-jti", no_claim("jti"), "invalid_request", "The SET lacks the jti claim"),
    ("issued-in-the-future", lambda key: make_set(key, set_claims(iat=int(time.time()) + 3600)), "invalid_request",
     "The SET's claims are not valid"),
    ("jti-empty", with_claims(jti=""), "invalid_request", "The SET's jti is empty"),
    # PyJWT refuses it before docs_auth reads the jti (security_events._event says so).
    ("jti-not-a-string", with_claims(jti=123), "invalid_request", "The SET's claims are not valid"),
    ("no-event", with_claims(events={}), "invalid_request", "The SET does not carry exactly one event"),
    ("event-not-an-object", with_claims(events={SESSION_REVOKED: "now"}), "invalid_request",
     "The event is not a JSON object"),
    ("sub-id-not-an-object", with_claims(sub_id=["reader"]), "invalid_request", "The SET has no sub_id object"),
    ("sub-id-email", with_claims(sub_id={"format": "email", "email": "ada@example.org"}), "invalid_request",
     "The sub_id does not name a user (iss_sub)"),
    ("user-of-another-issuer", with_claims(sub_id=user_id(iss=OTHER_ISSUER)), "invalid_request",
     "The sub_id names a user of another issuer"),
    ("session-without-id", with_claims(sub_id={"format": "complex", "user": user_id(),
                                               "session": {"format": "opaque"}}),
     "invalid_request", "The sub_id's session is not an opaque identifier"),
    ("session-on-credential-change", with_claims(CREDENTIAL_CHANGE, session_id("s-1")), "invalid_request",
     "Only session-revoked names a session"),
    ("timestamp-not-an-integer", with_claims(ACCOUNT_DISABLED, None, {"event_timestamp": "yesterday"}),
     "invalid_request", "The event's event_timestamp is not an integer"),
]


def assert_refusal(response: httpx.Response, status: int, err: str, description: str) -> None:
    assert response.status_code == status, response.text
    assert response.json() == {"err": err, "description": description}
    # RFC 6750 §3: the challenge belongs to the 401 of a missing or wrong credential, to no other refusal.
    assert ("www-authenticate" in response.headers) == (status == 401)


def receiver_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("security event")]


@pytest.mark.parametrize(("build", "err", "description"), [case[1:] for case in SET_REFUSALS],
                         ids=[case[0] for case in SET_REFUSALS])
def test_each_refused_set_says_why_and_logs_it(receiver: Receiver, rsa_key: Key, logged: pytest.LogCaptureFixture,
                                               build: Callable[[Key], str | bytes], err: str,
                                               description: str) -> None:
    body = build(rsa_key)
    assert_refusal(receiver.push(body), 400, err, description)
    assert receiver_lines(logged) == [f"security event refused: err={err} detail={description}"]
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    assert text not in logged.text and SECRET not in logged.text


def test_a_set_is_answered_503_when_the_keys_cannot_be_fetched(env: Env, receiver: Receiver, rsa_key: Key) -> None:
    env.keycloak.up = False
    assert_refusal(receiver.push(make_set(rsa_key)), 503, "temporarily_unavailable",
                   "The realm's signing keys cannot be fetched")


@pytest.mark.parametrize(
    ("headers", "status", "err", "description"),
    [
        ({}, 401, "authentication_failed", "A bearer push credential is required"),
        ({"Authorization": "Bearer "}, 401, "authentication_failed", "A bearer push credential is required"),
        ({"Authorization": f"Basic {SECRET}"}, 401, "authentication_failed", "A bearer push credential is required"),
        ({"Authorization": "Bearer wrong"}, 401, "authentication_failed", "The push credential is not valid"),
        ({"Authorization": f"Bearer {SECRET}", "Content-Type": "application/jwt"}, 415, "invalid_request",
         "The body must be application/secevent+jwt"),
        ({"Authorization": f"Bearer {SECRET}"}, 415, "invalid_request", "The body must be application/secevent+jwt"),
    ],
    ids=["no-credential", "empty-credential", "basic", "wrong-credential", "other-media-type", "no-media-type"],
)
def test_each_refused_request_says_why_and_logs_its_status(env: Env, receiver: Receiver, rsa_key: Key,
                                                           logged: pytest.LogCaptureFixture, headers: dict[str, str],
                                                           status: int, err: str, description: str) -> None:
    # httpx adds no Content-Type to bytes content, so "no-media-type" sends none at all.
    response = env.client.post(PATH, content=make_set(rsa_key).encode(), headers=headers)
    assert_refusal(response, status, err, description)
    if status == 401:
        assert response.headers["www-authenticate"] == 'Bearer realm="docs"'
    assert receiver_lines(logged) == [f"security event refused: err={err} status={status}"]
    assert SECRET not in logged.text


def push_raw(env: Env, body: bytes | Iterator[bytes], **headers: str) -> httpx.Response:
    sent = {"Authorization": f"Bearer {SECRET}", "Content-Type": SET_TYPE, **headers}
    response: httpx.Response = env.client.post(PATH, content=body, headers=sent)
    return response


def streamed(size: int) -> Iterator[bytes]:
    """``size`` bytes in chunks of 1 KiB at most, sent without a Content-Length (chunked)."""
    while size > 0:
        yield b"A" * min(size, 1024)
        size -= 1024


@pytest.mark.parametrize("chunked", [False, True], ids=["with-content-length", "streamed"])
def test_a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not(make_env: Callable[..., Env],
                                                                      chunked: bool) -> None:
    env = make_env()
    env.app.include_router(security_events_router(env.validator, secret=SECRET, max_body_bytes=2048))

    def body(size: int) -> bytes | Iterator[bytes]:
        return streamed(size) if chunked else b"A" * size

    assert_refusal(push_raw(env, body(2048)), 400, "invalid_request", NOT_JWS)  # read, then refused as no JWS
    assert_refusal(push_raw(env, body(2049)), 413, "invalid_request", "The SET is over 2048 bytes")


def test_a_content_length_over_the_limit_is_refused_without_reading_the_body(make_env: Callable[..., Env]) -> None:
    env = make_env()
    env.app.include_router(security_events_router(env.validator, secret=SECRET, max_body_bytes=2048))
    read: list[int] = []

    def body() -> Iterator[bytes]:
        read.append(1)
        yield b"A" * 10

    # The header alone decides: ten bytes that claim to be 4,096 are never asked for.
    assert_refusal(push_raw(env, body(), **{"Content-Length": "4096"}), 413, "invalid_request",
                   "The SET is over 2048 bytes")
    assert read == []


@pytest.mark.parametrize("event_type", [SESSION_REVOKED, CREDENTIAL_CHANGE, ACCOUNT_DISABLED, ACCOUNT_ENABLED])
def test_an_accepted_set_is_logged_by_type_and_jti_and_its_replay_as_such(receiver: Receiver, rsa_key: Key,
                                                                          logged: pytest.LogCaptureFixture,
                                                                          event_type: str) -> None:
    jti = str(uuid.uuid4())
    sent = make_set(rsa_key, set_claims(event_type, user_id(), jti=jti))
    assert receiver.push(sent).status_code == 202
    assert receiver.push(sent).status_code == 202
    name = event_type.rsplit("/", 1)[-1]
    assert receiver_lines(logged) == [f"security event accepted: type={name} jti={jti}",
                                      f"security event already accepted: jti={jti}"]
    assert sent not in logged.text and SECRET not in logged.text


def test_an_event_type_that_is_a_urn_is_logged_whole(receiver: Receiver, rsa_key: Key,
                                                     logged: pytest.LogCaptureFixture) -> None:
    # RFC 8417 §2.2: an event type is a URI, and a URN has no "/"; unknown types are accepted and ignored.
    sent = set_claims("urn:example:secevent:unknown", user_id())
    assert receiver.push(make_set(rsa_key, sent)).status_code == 202
    assert receiver_lines(logged) == [f"security event accepted: type=urn:example:secevent:unknown jti={sent['jti']}"]


@pytest.mark.parametrize("event_type", [ACCOUNT_DISABLED, ACCOUNT_ENABLED])
def test_two_sets_of_one_reader_are_two_events_not_a_replay(receiver: Receiver, rsa_key: Key,
                                                            logged: pytest.LogCaptureFixture, event_type: str) -> None:
    first, second = (set_claims(event_type, user_id()) for _ in range(2))
    for sent in (first, second):
        assert receiver.push(make_set(rsa_key, sent)).status_code == 202
    name = event_type.rsplit("/", 1)[-1]
    assert receiver_lines(logged) == [f"security event accepted: type={name} jti={sent['jti']}"
                                      for sent in (first, second)]


def test_a_set_error_reads_as_its_description() -> None:
    error = SetError("invalid_key", "The SET's signature is invalid")
    assert (str(error), error.err, error.description, error.status) == (
        "The SET's signature is invalid", "invalid_key", "The SET's signature is invalid", 400)


def test_a_failing_purge_hook_is_logged_with_the_sets_jti(env: Env, rsa_key: Key,
                                                         logged: pytest.LogCaptureFixture) -> None:
    def hook(sub: str) -> None:
        raise RuntimeError("database down")

    env.app.include_router(security_events_router(env.validator, secret=SECRET, on_account_purged=hook))
    jti = str(uuid.uuid4())
    purge = make_set(rsa_key, set_claims(ACCOUNT_PURGED, user_id(), {}, jti=jti))
    assert push_raw(env, purge.encode()).status_code == 500
    (failure,) = [r for r in logged.records if r.levelno == logging.ERROR]
    assert failure.getMessage() == f"the account-purged hook failed: jti={jti}" and failure.exc_info is not None


def test_a_credential_after_more_than_one_space_is_read(receiver: Receiver, rsa_key: Key) -> None:
    # RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
    response = receiver.push(make_set(rsa_key), secret=None, Authorization=f"Bearer   {SECRET}")
    assert response.status_code == 202, response.text


def test_the_store_given_is_the_one_that_records(env: Env, rsa_key: Key) -> None:
    store = MemoryRevocationStore(env.validator.revocations)
    env.app.include_router(security_events_router(env.validator, secret=SECRET, store=store))
    sent = set_claims(SESSION_REVOKED, session_id("s-1"))
    assert push_raw(env, make_set(rsa_key, sent).encode()).status_code == 202
    # Recorded in the given store: the same jti again is a replay there.
    assert asyncio.run(store.record(sent["jti"], Revocation(SESSION, "s-1"))) is False


def test_an_empty_push_secret_stops_the_start_with_its_reason(env: Env) -> None:
    with pytest.raises(ValueError, match="^the push secret must not be empty$"):
        security_events_router(env.validator, secret="")


def test_the_push_endpoint_is_left_out_of_the_openapi_document(env: Env, receiver: Receiver) -> None:
    # Only Keycloak calls it; the API's readers are not shown a route they cannot use.
    assert PATH not in env.client.get("/openapi.json").json()["paths"]
