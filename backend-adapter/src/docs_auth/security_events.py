"""Security Event Tokens (RFC 8417) from Keycloak: verified, and read as the ``Revocation`` they call for.

One event per SET, the subject in ``sub_id`` (RFC 9493: ``iss_sub`` for a reader, ``complex`` with ``user`` and
``session`` for one session), event types of OpenID CAEP 1.0 and RISC 1.0 (docs/signals.md):

===================================  =========================  ==========================================
event type                           subject                    effect
===================================  =========================  ==========================================
CAEP session-revoked                 complex (user + session)   tokens of that ``sid``
CAEP session-revoked                 iss_sub                    tokens of that ``sub`` with ``iat`` <= event
CAEP credential-change               iss_sub                    tokens of that ``sub`` with ``iat`` < event
CAEP token-claims-change             iss_sub                    same (the client renews: new claims)
RISC account-disabled                iss_sub                    tokens of that ``sub`` with ``iat`` <= event
RISC account-purged                  iss_sub                    every token of that ``sub``; the purge hook
RISC account-enabled, other types    any                        none (accepted and ignored)
===================================  =========================  ==========================================

"event" is the event's ``event_timestamp`` (seconds); see ``Revocation`` for the second it falls in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jwt
from jwt import exceptions as jwt_errors

from .errors import AlgorithmMismatch, KeySetUnavailable, MalformedToken, UnknownKey
from .jwks import JwksCache
from .revocation import SESSION, SUBJECT, Revocation
from .verifier import decode_jws, unverified_header

CAEP = "https://schemas.openid.net/secevent/caep/event-type/"
RISC = "https://schemas.openid.net/secevent/risc/event-type/"
SESSION_REVOKED = CAEP + "session-revoked"
CREDENTIAL_CHANGE = CAEP + "credential-change"
TOKEN_CLAIMS_CHANGE = CAEP + "token-claims-change"
ACCOUNT_DISABLED = RISC + "account-disabled"
ACCOUNT_ENABLED = RISC + "account-enabled"
ACCOUNT_PURGED = RISC + "account-purged"
# Events that end a reader's tokens issued before them.
_USER_LEVEL = frozenset({SESSION_REVOKED, CREDENTIAL_CHANGE, TOKEN_CLAIMS_CHANGE, ACCOUNT_DISABLED})
# RFC 8417 §2.3: "secevent+jwt"; RFC 7515 §4.1.9 lets the "application/" prefix be written out, in any case.
_SET_TYPES = frozenset({"secevent+jwt", "application/secevent+jwt"})
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


class SetError(Exception):
    """A SET refused, with its RFC 8935 §2.4 error code (``err``) and a fixed ``description`` for the transmitter.

    ``status`` is 400 for every error about the SET itself (RFC 8935 §2.3), 503 when the realm's keys cannot be
    fetched (the transmitter retries).
    """

    def __init__(self, err: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.err, self.description, self.status = err, description, status


@dataclass(frozen=True)
class SecurityEvent:
    """A verified SET: its ``jti``, its one event type, and what it calls for (``None``: nothing)."""

    jti: str
    event_type: str
    revocation: Revocation | None

    @property
    def purges(self) -> bool:
        """The reader's account was deleted: the app's purge hook runs for ``revocation.key`` (the ``sub``)."""
        return self.event_type == ACCOUNT_PURGED


class SetVerifier:
    """Checks SETs signed by the realm's keys (the validator's own ``JwksCache``) for one audience.

    Asymmetric algorithms only (``AuthSettings.algorithms``: never ``none`` nor HMAC), header ``typ``
    ``secevent+jwt``, ``iss`` the realm's issuer, ``aud`` this receiver's audience, ``iat`` and ``jti`` present,
    exactly one event.
    """

    def __init__(self, keys: JwksCache, *, issuer: str, audience: str, algorithms: list[str], leeway: int) -> None:
        self._keys, self._issuer, self._audience = keys, issuer, audience
        self._algorithms, self._leeway = frozenset(algorithms), leeway

    async def verify(self, body: bytes) -> SecurityEvent:
        """The event of a SET in JWS compact serialization; ``SetError`` when it cannot be accepted."""
        try:
            token = body.decode("ascii").strip()
        except UnicodeDecodeError:
            raise SetError("invalid_request", "The body is not a JWS compact serialization") from None
        if not _COMPACT_JWS.fullmatch(token):
            raise SetError("invalid_request", "The body is not a JWS compact serialization")
        header = _header(token)
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str) or alg not in self._algorithms:
            raise SetError("invalid_key", "The SET's signing algorithm is not accepted")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in _SET_TYPES:
            raise SetError("invalid_request", "The SET's typ header is not secevent+jwt")
        if "crit" in header:
            raise SetError("invalid_request", "The SET uses a JWS extension (crit)")
        if not isinstance(kid, str) or not kid:
            raise SetError("invalid_key", "The SET names no signing key (kid)")
        try:
            key = await self._keys.get_key(kid, alg)
        except (UnknownKey, AlgorithmMismatch):
            raise SetError("invalid_key", "The SET was signed by a key the realm does not publish") from None
        except KeySetUnavailable:
            raise SetError("temporarily_unavailable", "The realm's signing keys cannot be fetched", 503) from None
        claims = self._decode(token, key, alg)
        return _event(claims, self._issuer)

    def _decode(self, token: str, key: jwt.PyJWK, alg: str) -> dict[str, Any]:
        try:
            return decode_jws(token, key, alg, audience=self._audience, issuer=self._issuer, leeway=self._leeway,
                              required=["iss", "aud", "iat", "jti", "events"])
        except jwt_errors.InvalidSignatureError:
            raise SetError("invalid_key", "The SET's signature is invalid") from None
        except jwt_errors.InvalidIssuerError:
            raise SetError("invalid_issuer", "The SET comes from another issuer") from None
        except jwt_errors.InvalidAudienceError:
            raise SetError("invalid_audience", "The SET is meant for another audience") from None
        except jwt_errors.MissingRequiredClaimError as exc:
            err = {"iss": "invalid_issuer", "aud": "invalid_audience"}.get(exc.claim, "invalid_request")
            raise SetError(err, f"The SET lacks the {exc.claim} claim") from None
        except jwt_errors.PyJWTError:
            raise SetError("invalid_request", "The SET's claims are not valid") from None


def _header(token: str) -> dict[str, Any]:
    try:
        return unverified_header(token)
    except MalformedToken as exc:
        raise SetError("invalid_request", f"The SET's {exc.args[0]}") from None


def _invalid(description: str) -> SetError:
    return SetError("invalid_request", description)


def _event(claims: dict[str, Any], issuer: str) -> SecurityEvent:
    jti, events = claims["jti"], claims["events"]
    if not isinstance(jti, str) or not jti:
        # PyJWT has already refused a jti that is not a string ("The SET's claims are not valid"): an empty one is
        # what reaches here.
        raise _invalid("The SET's jti is empty")
    if not isinstance(events, dict) or len(events) != 1:
        raise _invalid("The SET does not carry exactly one event")
    ((event_type, payload),) = events.items()
    if not isinstance(payload, dict):
        raise _invalid("The event is not a JSON object")
    if event_type != ACCOUNT_PURGED and event_type not in _USER_LEVEL:
        return SecurityEvent(jti, event_type, None)  # account-enabled and unknown types: nothing to do
    user, session = _subject(claims.get("sub_id"), issuer)
    if session is not None:
        if event_type != SESSION_REVOKED:
            raise _invalid("Only session-revoked names a session")
        return SecurityEvent(jti, event_type, Revocation(SESSION, session))
    if event_type == ACCOUNT_PURGED:
        return SecurityEvent(jti, event_type, Revocation(SUBJECT, user))
    timestamp = payload.get("event_timestamp")
    if not isinstance(timestamp, int) or isinstance(timestamp, bool):
        raise _invalid("The event's event_timestamp is not an integer")
    if event_type in (ACCOUNT_DISABLED, SESSION_REVOKED):
        # No token can be issued while the account is disabled, nor once every session of the reader has ended
        # until they sign in again: a token of the event's very second was almost always issued before it (the
        # exception, a sign-in under way that ends in that second, signs in again), so it is refused too
        # (iat <= event_timestamp), where the other events keep it (see Revocation).
        return SecurityEvent(jti, event_type, Revocation(SUBJECT, user, float(timestamp) + 1))
    return SecurityEvent(jti, event_type, Revocation(SUBJECT, user, float(timestamp)))


def _subject(sub_id: object, issuer: str) -> tuple[str, str | None]:
    """(sub, sid or None) of an RFC 9493 ``iss_sub`` or ``complex`` (user + opaque session) identifier."""
    if not isinstance(sub_id, dict):
        raise _invalid("The SET has no sub_id object")
    if sub_id.get("format") == "complex":
        session = sub_id.get("session")
        if not isinstance(session, dict) or session.get("format") != "opaque" or not _text(session.get("id")):
            raise _invalid("The sub_id's session is not an opaque identifier")
        return _user(sub_id.get("user"), issuer), session["id"]
    return _user(sub_id, issuer), None


def _user(subject: object, issuer: str) -> str:
    if not isinstance(subject, dict) or subject.get("format") != "iss_sub" or not _text(subject.get("sub")):
        raise _invalid("The sub_id does not name a user (iss_sub)")
    if subject.get("iss") != issuer:
        raise _invalid("The sub_id names a user of another issuer")
    sub: str = subject["sub"]
    return sub


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)
