"""The security-event receiver (RFC 8935 push of RFC 8417 SETs) and the revocation check it feeds.

SETs are signed with the test keys the fake Keycloak serves as its JWKS, pushed to the router mounted in the test
app, and judged by what happens next to real tokens on /me: refused (401) or not.
"""

import asyncio
import hashlib
import hmac
import math
import time
import uuid
from collections.abc import Iterator
from typing import Any, Callable

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pydantic import SecretStr

from docs_auth import MemoryRevocationStore, Revocation, RevocationList, security_events_router
from docs_auth.revocation import SESSION, SUBJECT
from docs_auth.security_events import (
    ACCOUNT_DISABLED,
    ACCOUNT_ENABLED,
    ACCOUNT_PURGED,
    CREDENTIAL_CHANGE,
    SESSION_REVOKED,
    TOKEN_CLAIMS_CHANGE,
)

from .conftest import ISSUER, Env, FakeClock, Key, assert_invalid_token, b64json, b64url, claims, make_token, unsigned

SECRET = "test-push-secret"
PATH = "/api/security-events"
SUB = "7f1c-user"
REVOKED = "The access token has been revoked"
SET_TYPE = "application/secevent+jwt"


def user_id(sub: str = SUB, iss: str = ISSUER) -> dict[str, Any]:
    return {"format": "iss_sub", "iss": iss, "sub": sub}


def session_id(sid: str, sub: str = SUB) -> dict[str, Any]:
    return {"format": "complex", "user": user_id(sub), "session": {"format": "opaque", "id": sid}}


def set_claims(event_type: str = SESSION_REVOKED, sub_id: Any = None, event: Any = None, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": "rag-api",
        "iat": now,
        "jti": str(uuid.uuid4()),
        "sub_id": sub_id if sub_id is not None else user_id(),
        "events": {event_type: event if event is not None else {"event_timestamp": now}},
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def make_set(key: Key, payload: dict[str, Any] | None = None, *, alg: str | None = None, **headers: Any) -> str:
    header = {"kid": key.kid, "typ": "secevent+jwt", **headers}
    return jwt.encode(payload if payload is not None else set_claims(), key.private, algorithm=alg or key.alg,
                      headers=header)


class Receiver:
    def __init__(self, env: Env, purged: list[str]) -> None:
        self.env, self.purged = env, purged

    def push(self, body: str | bytes, *, secret: str | None = SECRET, content_type: str = SET_TYPE,
             **headers: str) -> httpx.Response:
        sent = {"Content-Type": content_type, "Accept": "application/json", **headers}
        if secret is not None:
            sent["Authorization"] = f"Bearer {secret}"
        response: httpx.Response = self.env.client.post(PATH, content=body, headers=sent)
        return response


@pytest.fixture
def receiver(env: Env) -> Receiver:
    purged: list[str] = []
    env.app.include_router(security_events_router(env.validator, secret=SECRET, on_account_purged=purged.append))
    return Receiver(env, purged)


def assert_refused(response: httpx.Response, status: int, err: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["err"] == err and set(body) == {"err", "description"} and body["description"]


# What an accepted SET does


def test_a_revoked_session_ends_its_tokens_even_cached_ones_and_no_others(env: Env, receiver: Receiver,
                                                                          rsa_key: Key) -> None:
    token = make_token(rsa_key, claims(sid="session-1"))
    other_session = make_token(rsa_key, claims(sid="session-2"))
    assert env.get("/me", token).status_code == 200  # now in the verified-token cache
    assert env.get("/me", other_session).status_code == 200
    response = receiver.push(make_set(rsa_key, set_claims(SESSION_REVOKED, session_id("session-1"))))
    assert response.status_code == 202 and response.content == b""
    assert_invalid_token(env.get("/me", token), REVOKED)
    assert_invalid_token(env.get("/me-direct", token), REVOKED)
    assert env.get("/me", other_session).status_code == 200
    assert env.count("revoked") == 2


@pytest.mark.parametrize("event_type", [SESSION_REVOKED, CREDENTIAL_CHANGE, TOKEN_CLAIMS_CHANGE, ACCOUNT_DISABLED])
def test_a_reader_level_event_ends_the_readers_tokens_issued_before_it(env: Env, receiver: Receiver, rsa_key: Key,
                                                                       event_type: str) -> None:
    event_time = int(time.time())
    earlier = make_token(rsa_key, claims(iat=event_time - 1, sid="s-a"))
    same_second = make_token(rsa_key, claims(iat=event_time, sid="s-b"))  # a claims change: the renewal right after
    later = make_token(rsa_key, claims(iat=event_time + 1, sid="s-c"))
    someone_else = make_token(rsa_key, claims(iat=event_time - 1, sub="another-reader"))
    assert env.get("/me", earlier).status_code == 200
    event: dict[str, object] = {"event_timestamp": event_time}
    if event_type == CREDENTIAL_CHANGE:
        event.update(credential_type="password", change_type="update")
    response = receiver.push(make_set(rsa_key, set_claims(event_type, user_id(), event)))
    assert response.status_code == 202
    assert_invalid_token(env.get("/me", earlier), REVOKED)
    if event_type in (ACCOUNT_DISABLED, SESSION_REVOKED):
        # No token is issued while an account is disabled, nor once all the reader's sessions have ended until they
        # sign in again: one of the event's second came before it.
        assert_invalid_token(env.get("/me", same_second), REVOKED)
        kept_tokens: tuple[str, ...] = (later, someone_else)
    else:
        kept_tokens = (same_second, later, someone_else)
    for kept in kept_tokens:
        assert env.get("/me", kept).status_code == 200


def test_a_purged_account_ends_every_token_of_the_reader_and_calls_the_hook_once(env: Env, receiver: Receiver,
                                                                                rsa_key: Key) -> None:
    future = make_token(rsa_key, claims(iat=int(time.time()) + 20))
    sent = make_set(rsa_key, set_claims(ACCOUNT_PURGED, user_id(), {}))
    assert receiver.push(sent).status_code == 202
    assert_invalid_token(env.get("/me", future), REVOKED)
    assert receiver.purged == [SUB]
    assert receiver.push(sent).status_code == 202  # a retry: acknowledged, not applied again
    assert receiver.purged == [SUB]


@pytest.mark.parametrize("event_type", [ACCOUNT_ENABLED, "https://example.org/event-type/unknown"])
def test_events_without_an_effect_are_accepted_and_ignored(env: Env, receiver: Receiver, rsa_key: Key,
                                                           event_type: str) -> None:
    token = make_token(rsa_key, claims(iat=int(time.time()) - 5))
    response = receiver.push(make_set(rsa_key, set_claims(event_type, event={"event_timestamp": int(time.time())})))
    assert response.status_code == 202
    assert env.get("/me", token).status_code == 200
    assert len(env.validator.revocations) == 0


def test_a_replayed_jti_is_acknowledged_but_not_applied_twice(env: Env, receiver: Receiver, rsa_key: Key) -> None:
    token = make_token(rsa_key, claims(sid="s-1"))
    first = set_claims(SESSION_REVOKED, session_id("s-1"))
    assert receiver.push(make_set(rsa_key, first)).status_code == 202
    # The same jti with another effect: were it applied, the reader's other tokens would go too.
    replay = set_claims(ACCOUNT_PURGED, user_id(), {}, jti=first["jti"])
    assert receiver.push(make_set(rsa_key, replay)).status_code == 202
    assert receiver.purged == []
    assert_invalid_token(env.get("/me", token), REVOKED)
    assert env.get("/me", make_token(rsa_key, claims(sid="s-2"))).status_code == 200


def test_the_purge_hook_may_be_async_and_a_failing_one_is_retried(env: Env, rsa_key: Key) -> None:
    calls: list[str] = []

    async def hook(sub: str) -> None:
        calls.append(sub)
        if len(calls) == 1:
            raise RuntimeError("database down")

    env.app.include_router(security_events_router(env.validator, secret=SecretStr(SECRET), on_account_purged=hook))
    sent = make_set(rsa_key, set_claims(ACCOUNT_PURGED, user_id(), {}))
    receiver = Receiver(env, [])
    assert receiver.push(sent).status_code == 500
    assert_invalid_token(env.get("/me", make_token(rsa_key)), REVOKED)  # refused all the same
    assert receiver.push(sent).status_code == 202  # the transmitter's retry runs the hook again
    assert calls == [SUB, SUB]


def test_a_purge_without_a_hook_still_ends_the_tokens(env: Env, rsa_key: Key) -> None:
    env.app.include_router(security_events_router(env.validator, secret=SECRET))
    assert Receiver(env, []).push(make_set(rsa_key, set_claims(ACCOUNT_PURGED, user_id(), {}))).status_code == 202
    assert_invalid_token(env.get("/me", make_token(rsa_key)), REVOKED)


def test_the_audience_and_path_are_the_apps_choice(env: Env, rsa_key: Key) -> None:
    env.app.include_router(security_events_router(env.validator, secret=SECRET, audience="chatbot",
                                                  path="/signals"))
    headers = {"Authorization": f"Bearer {SECRET}", "Content-Type": SET_TYPE}
    ours = make_set(rsa_key, set_claims(aud="chatbot"))
    assert env.client.post("/signals", content=ours, headers=headers).status_code == 202
    assert_refused(env.client.post("/signals", content=make_set(rsa_key), headers=headers), 400, "invalid_audience")


def test_an_empty_push_secret_is_refused_at_start(env: Env) -> None:
    with pytest.raises(ValueError, match="secret"):
        security_events_router(env.validator, secret="")


# What the receiver refuses, and how


@pytest.mark.parametrize(
    ("secret", "err"),
    [(None, "authentication_failed"), ("", "authentication_failed"), ("wrong-secret", "authentication_failed"),
     (SECRET + "x", "authentication_failed")],
)
def test_a_missing_or_wrong_push_credential_is_refused(receiver: Receiver, rsa_key: Key, secret: str | None,
                                                       err: str) -> None:
    response = receiver.push(make_set(rsa_key), secret=secret)
    assert_refused(response, 401, err)
    assert response.headers["www-authenticate"] == 'Bearer realm="docs"'


def test_another_authorization_scheme_is_refused(receiver: Receiver, rsa_key: Key) -> None:
    response = receiver.push(make_set(rsa_key), secret=None, Authorization=f"Basic {SECRET}")
    assert_refused(response, 401, "authentication_failed")


@pytest.mark.parametrize("content_type", ["application/json", "application/jwt", "text/plain", ""])
def test_another_media_type_is_refused(receiver: Receiver, rsa_key: Key, content_type: str) -> None:
    assert_refused(receiver.push(make_set(rsa_key), content_type=content_type), 415, "invalid_request")


def test_the_media_type_may_carry_parameters_and_any_case(receiver: Receiver, rsa_key: Key) -> None:
    assert receiver.push(make_set(rsa_key), content_type="Application/SecEvent+JWT; charset=us-ascii").status_code == 202


def test_an_oversized_body_is_refused_before_it_is_read(receiver: Receiver, rsa_key: Key) -> None:
    body = make_set(rsa_key, set_claims(padding="x" * 20_000))
    assert_refused(receiver.push(body), 413, "invalid_request")


def test_an_oversized_body_without_a_length_is_refused_as_it_streams_in(env: Env, receiver: Receiver,
                                                                        rsa_key: Key) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"A" * 1024

    headers = {"Authorization": f"Bearer {SECRET}", "Content-Type": SET_TYPE}
    assert_refused(env.client.post(PATH, content=chunks(), headers=headers), 413, "invalid_request")


def test_a_set_signed_by_another_key_under_the_realms_kid_is_refused(receiver: Receiver, rsa_key: Key,
                                                                     attacker_key: Key) -> None:
    forged = make_set(Key(rsa_key.kid, attacker_key.private, "RS256"))
    assert_refused(receiver.push(forged), 400, "invalid_key")


def test_a_set_signed_by_an_unknown_key_is_refused(receiver: Receiver, attacker_key: Key) -> None:
    assert_refused(receiver.push(make_set(attacker_key)), 400, "invalid_key")


def test_a_set_whose_alg_does_not_fit_its_key_is_refused(receiver: Receiver, ec_key: Key) -> None:
    mismatched = unsigned({"alg": "ES384", "typ": "secevent+jwt", "kid": ec_key.kid}, set_claims(), b"x" * 96)
    assert_refused(receiver.push(mismatched), 400, "invalid_key")


def test_an_unsigned_set_alg_none_is_refused(receiver: Receiver) -> None:
    none = unsigned({"alg": "none", "typ": "secevent+jwt", "kid": "rsa-1"}, set_claims(), b"")
    assert_refused(receiver.push(none + "AA"), 400, "invalid_key")


def test_an_hmac_set_keyed_with_the_realms_public_key_is_refused(receiver: Receiver, rsa_key: Key) -> None:
    # The classic confusion: the published public key used as an HMAC secret, which anyone can do.
    public_pem = rsa_key.private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    signing_input = f"{b64json({'alg': 'HS256', 'typ': 'secevent+jwt', 'kid': rsa_key.kid})}.{b64json(set_claims())}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert_refused(receiver.push(f"{signing_input}.{b64url(signature)}"), 400, "invalid_key")


def test_a_set_of_another_issuer_is_refused(receiver: Receiver, rsa_key: Key) -> None:
    other = "http://localhost:8080/realms/other"
    assert_refused(receiver.push(make_set(rsa_key, set_claims(iss=other))), 400, "invalid_issuer")


def test_a_set_for_another_audience_is_refused(receiver: Receiver, rsa_key: Key) -> None:
    assert_refused(receiver.push(make_set(rsa_key, set_claims(aud="another-api"))), 400, "invalid_audience")


@pytest.mark.parametrize(("claim", "err"), [("iss", "invalid_issuer"), ("aud", "invalid_audience"),
                                            ("jti", "invalid_request"), ("iat", "invalid_request"),
                                            ("events", "invalid_request")])
def test_a_set_without_a_required_claim_is_refused(receiver: Receiver, rsa_key: Key, claim: str, err: str) -> None:
    payload = set_claims()
    del payload[claim]
    assert_refused(receiver.push(make_set(rsa_key, payload)), 400, err)


@pytest.mark.parametrize("typ", [None, "JWT", "at+jwt", 7])
def test_a_set_without_the_secevent_typ_is_refused(receiver: Receiver, rsa_key: Key, typ: Any) -> None:
    header = {"typ": typ} if typ is not None else {}
    token = jwt.encode(set_claims(), rsa_key.private, algorithm="RS256", headers={"kid": rsa_key.kid, **header})
    if typ is None:  # PyJWT adds typ JWT by default; take it out
        token = jwt.encode(set_claims(), rsa_key.private, algorithm="RS256",
                           headers={"kid": rsa_key.kid, "typ": None})
    assert_refused(receiver.push(token), 400, "invalid_request")


def test_the_full_media_type_is_accepted_as_typ(receiver: Receiver, rsa_key: Key) -> None:
    assert receiver.push(make_set(rsa_key, typ="application/secevent+jwt")).status_code == 202


@pytest.mark.parametrize(
    "body",
    ["", "not a jws", "a.b", "é.b.c".encode(), f"{b64json([1])}.e30.AA", "bm90IGpzb24.e30.AA", f"{b64json({'alg': 1})}.e30.AA"],
    ids=["empty", "words", "two-parts", "not-ascii", "header-array", "header-not-base64", "alg-not-a-string"],
)
def test_a_body_that_is_no_jws_is_refused(receiver: Receiver, body: str | bytes) -> None:
    response = receiver.push(body)
    assert response.status_code == 400
    assert response.json()["err"] in ("invalid_request", "invalid_key")


def test_crit_and_a_missing_kid_are_refused(receiver: Receiver, rsa_key: Key) -> None:
    crit = make_set(rsa_key, crit=["exp"])
    assert_refused(receiver.push(crit), 400, "invalid_request")
    no_kid = jwt.encode(set_claims(), rsa_key.private, algorithm="RS256", headers={"typ": "secevent+jwt"})
    assert_refused(receiver.push(no_kid), 400, "invalid_key")


def test_a_set_is_answered_503_when_the_keys_cannot_be_fetched(env: Env, receiver: Receiver, rsa_key: Key) -> None:
    env.keycloak.up = False
    assert_refused(receiver.push(make_set(rsa_key)), 503, "temporarily_unavailable")


def test_a_set_issued_in_the_future_is_refused(receiver: Receiver, rsa_key: Key) -> None:
    assert_refused(receiver.push(make_set(rsa_key, set_claims(iat=int(time.time()) + 3600))), 400, "invalid_request")


@pytest.mark.parametrize(
    ("event_type", "sub_id", "event", "extra"),
    [
        (SESSION_REVOKED, None, None, {"jti": 42}),
        (SESSION_REVOKED, None, None, {"jti": ""}),
        (SESSION_REVOKED, None, None, {"events": {}}),
        (SESSION_REVOKED, None, None, {"events": {SESSION_REVOKED: {}, ACCOUNT_PURGED: {}}}),
        (SESSION_REVOKED, None, None, {"events": {SESSION_REVOKED: "now"}}),
        (SESSION_REVOKED, "reader", None, {}),
        (SESSION_REVOKED, {"format": "email", "email": "ada@example.org"}, None, {}),
        (SESSION_REVOKED, user_id(iss="http://localhost:8080/realms/other"), None, {}),
        (SESSION_REVOKED, user_id(sub=""), None, {}),
        (SESSION_REVOKED, {"format": "complex", "user": user_id(), "session": {"format": "opaque"}}, None, {}),
        (SESSION_REVOKED, {"format": "complex", "user": user_id(), "session": "s-1"}, None, {}),
        (SESSION_REVOKED, {"format": "complex", "user": user_id(),
                           "session": {"format": "uuid", "id": "s-1"}}, None, {}),
        (SESSION_REVOKED, {"format": "complex", "session": {"format": "opaque", "id": "s-1"}}, None, {}),
        (CREDENTIAL_CHANGE, session_id("s-1"), None, {}),
        (ACCOUNT_DISABLED, None, {}, {}),
        (ACCOUNT_DISABLED, None, {"event_timestamp": "yesterday"}, {}),
        (ACCOUNT_DISABLED, None, {"event_timestamp": True}, {}),
    ],
)
def test_a_set_whose_event_does_not_fit_the_profile_is_refused(receiver: Receiver, rsa_key: Key, event_type: str,
                                                               sub_id: Any, event: Any, extra: dict[str, Any]) -> None:
    payload = set_claims(event_type, sub_id, event, **extra)
    if sub_id == "reader":
        payload["sub_id"] = "reader"
    assert_refused(receiver.push(make_set(rsa_key, payload)), 400, "invalid_request")


# The revocation list and the in-memory store


def test_a_revocation_is_kept_while_a_token_it_refuses_can_be_valid() -> None:
    clock = FakeClock(10_000.0)
    revocations = RevocationList(330, clock=clock)
    revocations.add(Revocation(SUBJECT, "u", 10_005.0))  # an event stamped a little ahead of our clock
    revocations.add(Revocation(SESSION, "s"))
    token = {"sub": "u", "iat": 10_004, "sid": "s"}
    assert revocations.refuses(token) and revocations.refuses({"sub": "v", "iat": 0, "sid": "s"})
    clock.advance(330)
    assert revocations.refuses({"sub": "u", "iat": 10_004})  # until 10_005 + 330
    assert not revocations.refuses({"sub": "v", "iat": 0, "sid": "s"})  # the session's entry is over
    clock.advance(5)
    assert not revocations.refuses(token)
    revocations.prune()
    assert len(revocations) == 0


def test_an_entry_extended_since_outlives_its_first_expiry() -> None:
    clock = FakeClock(0.0)
    revocations = RevocationList(100, clock=clock)
    revocations.add(Revocation(SESSION, "s"))  # until 100
    clock.advance(50)
    revocations.add(Revocation(SESSION, "s"))  # extended to 150
    clock.advance(60)
    revocations.add(Revocation(SESSION, "t"))  # at 110 the first expiry of "s" comes out of the heap, stale
    assert revocations.refuses({"sub": "x", "iat": 0, "sid": "s"}) and len(revocations) == 2
    clock.advance(40)
    revocations.prune()
    assert len(revocations) == 1 and not revocations.refuses({"sub": "x", "iat": 0, "sid": "s"})


def test_revocations_of_one_key_merge_to_the_later_cutoff() -> None:
    revocations = RevocationList(300, clock=FakeClock(1000.0))
    revocations.add(Revocation(SUBJECT, "u", 900.0))
    revocations.add(Revocation(SUBJECT, "u", 800.0))
    assert revocations.refuses({"sub": "u", "iat": 850}) and len(revocations) == 1
    revocations.add(Revocation(SUBJECT, "u"))
    assert revocations.refuses({"sub": "u", "iat": 5000})
    revocations.clear()
    assert not revocations.refuses({"sub": "u", "iat": 850})


def test_a_revocation_travels_as_json() -> None:
    for revocation in (Revocation(SESSION, "s"), Revocation(SUBJECT, "u", 12.0)):
        assert Revocation.from_json(revocation.to_json()) == revocation
    assert Revocation(SESSION, "s").to_json()["before"] is None
    # Each refused for its own reason (the messages are asserted whole: mutation testing changed them unseen).
    for bad, reason in (({"kind": "email", "key": "x"}, "not a revocation"),
                        ({"kind": "sid", "key": 3}, "not a revocation"),
                        ({"kind": "sub", "key": "u", "before": "x"}, "before is not a number")):
        with pytest.raises(ValueError, match=f"^{reason}$"):
            Revocation.from_json(bad)


def test_a_revocation_list_needs_a_lifetime() -> None:
    with pytest.raises(ValueError):
        RevocationList(0)
    assert math.isinf(Revocation(SESSION, "s").before)


def test_the_memory_store_forgets_a_jti_after_its_retention() -> None:
    clock = FakeClock(0.0)
    store = MemoryRevocationStore(RevocationList(300, clock=clock), jti_retention=60, clock=clock)

    async def scenario() -> list[bool]:
        seen = [await store.record("a", None), await store.record("a", None)]
        clock.advance(60)
        seen.append(await store.record("a", None))
        await store.forget("a")
        await store.forget("never-seen")
        return [*seen, await store.record("a", None)]

    assert asyncio.run(scenario()) == [True, False, True, True]


def test_the_lifetime_setting_bounds_the_validators_list(make_env: Callable[..., Env]) -> None:
    env = make_env(token_lifetime_seconds=60, leeway_seconds=5)
    assert env.validator.revocations.lifetime == 65
