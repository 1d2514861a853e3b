"""Turns a bearer token into a ``User`` or a ``TokenError``; nothing FastAPI-specific."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any, NoReturn

import httpx
import jwt
from jwt import exceptions as jwt_errors
from prometheus_client import CollectorRegistry

from .cache import ExpiringLru
from .errors import (
    BadAlgorithm,
    BadSignature,
    EmailNotVerified,
    ExpiredToken,
    MalformedToken,
    MissingClaim,
    NotYetValid,
    RevokedToken,
    TokenError,
    TokenTooLarge,
    SenderConstrainedToken,
    UnauthorizedParty,
    UnknownKey,
    WrongAudience,
    WrongIssuer,
    WrongTokenType,
)
from .introspection import Introspector
from .jwks import JwksCache
from .metrics import ACCEPTED, AuthMetrics
from .models import User
from .revocation import RevocationList
from .settings import AuthSettings

log = logging.getLogger("docs_auth")

# JWS compact serialization: three non-empty base64url parts. Anything else
# (JWE, padding, whitespace, junk) is refused before any parsing.
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub"]
ACCESS_TOKEN_TYPE = "Bearer"  # Keycloak's "typ" claim; ID tokens say "ID", refresh tokens "Refresh"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class TokenValidator:
    """Verifies Keycloak access tokens for one issuer and audience.

    ``http_client`` is used for discovery, JWKS and introspection (inject one with
    an ``httpx.MockTransport`` in tests); without it a short-lived client is made
    per fetch. ``registry`` receives the counters (default: the global registry).
    """

    def __init__(
        self,
        settings: AuthSettings | None = None,
        *,
        http_client: httpx.AsyncClient | None = None,
        registry: CollectorRegistry | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings if settings is not None else AuthSettings()
        self.metrics = AuthMetrics.for_registry(registry)
        self.keys = JwksCache(self.settings, http_client, metrics=self.metrics, monotonic=monotonic)
        self.cache: ExpiringLru[User] = ExpiringLru(self.settings.token_cache_size, clock=clock)
        # Tokens that security events ended (receiver.py); checked on the cached path too.
        self.revocations = RevocationList(
            self.settings.token_lifetime_seconds + self.settings.leeway_seconds, clock=clock
        )
        # A key that left the set must not keep tokens alive through the cache.
        self.keys.on_change(self.cache.clear)
        self.introspector = (
            Introspector(self.settings, self._introspection_endpoint, http_client, clock=clock)
            if self.settings.strict
            else None
        )

    async def warm_up(self) -> bool:
        """Fetch the keys now (e.g. in the app's lifespan); False if Keycloak is unreachable."""
        return await self.keys.refresh()

    def cached(self, token: str) -> User | None:
        """The caller of a token that passed ``validate`` before and has not expired, counted as accepted.

        None when the whole check must run: a token not in the cache, one a security event revoked
        (``validate`` then refuses it), or strict mode (which asks Keycloak each time its own cache
        ends). Synchronous, so a hit costs no coroutine.
        """
        if self.introspector is not None or len(token) > self.settings.max_token_bytes:
            return None
        user = self.cache.get(token)
        if user is None or self.revocations.refuses(user.claims):
            return None
        self.metrics.outcome(ACCEPTED)
        return user

    async def validate(self, token: str) -> User:
        """Return the caller of a valid access token; raise a ``TokenError`` otherwise."""
        try:
            user = await self._validate(token)
        except TokenError as exc:
            self.metrics.outcome(exc.reason)
            level = logging.WARNING if exc.status_code >= 500 else logging.INFO
            log.log(
                level,
                "token refused: reason=%s kid=%s sub=%s detail=%s",
                exc.reason,
                _short(exc.kid),
                _short(exc.sub),
                exc.args[0] if exc.args else "-",
            )
            raise
        self.metrics.outcome(ACCEPTED)
        return user

    async def _validate(self, token: str) -> User:
        if len(token) > self.settings.max_token_bytes:
            raise TokenTooLarge()
        user = self.cache.get(token)
        if user is None:
            # Only a token that once passed everything below is ever cached, so a hit skips the shape check.
            if not _COMPACT_JWS.fullmatch(token):
                raise MalformedToken("not a compact JWS")
            user = await self._verify(token)
            self.cache.put(token, user, float(user.claims["exp"]))
        if self.revocations.refuses(user.claims):
            revoked = RevokedToken("security event")
            revoked.sub = user.sub
            raise revoked
        if self.introspector is not None:
            try:
                await self.introspector.check(token, float(user.claims["exp"]))
            except TokenError as exc:
                exc.sub = user.sub
                raise
        return user

    async def _verify(self, token: str) -> User:
        header = unverified_header(token)
        alg, kid = header.get("alg"), header.get("kid")
        try:
            # Only the header's alg and kid are read: jwk/jku/x5u/x5c never supply a key.
            if not isinstance(alg, str) or alg not in self.settings.algorithms:
                raise BadAlgorithm(f"alg {_short(alg)}")
            if "crit" in header:
                raise MalformedToken("crit header")  # we implement no JWS extension
            if kid is not None and not isinstance(kid, str):
                raise MalformedToken("kid is not a string")
            if not kid:
                raise UnknownKey("no kid")
            key = await self.keys.get_key(kid, alg)
            claims = self._decode(token, key, alg)
        except TokenError as exc:
            exc.kid = kid
            raise
        try:
            self._check_access_token(claims)
        except TokenError as exc:
            exc.kid, exc.sub = kid, claims.get("sub")
            raise
        return User.from_claims(claims)

    def _decode(self, token: str, key: jwt.PyJWK, alg: str) -> dict[str, Any]:
        try:
            return decode_jws(token, key, alg, audience=self.settings.audience, issuer=self.settings.issuer,
                              leeway=self.settings.leeway_seconds, required=_REQUIRED_CLAIMS)
        except jwt_errors.PyJWTError as exc:
            _raise_for(exc)

    def _check_access_token(self, claims: dict[str, Any]) -> None:
        if claims.get("typ") != ACCESS_TOKEN_TYPE:
            raise WrongTokenType(f"typ {_short(claims.get('typ'))}")
        if "cnf" in claims:  # RFC 9449 §7.2: a bound token is never accepted as a bearer token
            raise SenderConstrainedToken("cnf")
        allowed = self.settings.allowed_azp
        if allowed and claims.get("azp") not in allowed:
            raise UnauthorizedParty(f"azp {_short(claims.get('azp'))}")
        # Last: a token refused for this alone is genuine, and never cached.
        if self.settings.require_verified_email and claims.get("email_verified") is not True:
            raise EmailNotVerified(f"email_verified {_short(claims.get('email_verified'))}")

    async def _introspection_endpoint(self) -> str | None:
        return (await self.keys.provider_metadata()).introspection_endpoint


def decode_jws(
    token: str, key: jwt.PyJWK, alg: str, *, audience: str, issuer: str, leeway: int, required: list[str]
) -> dict[str, Any]:
    """The claims of a JWS whose signature ``key`` verifies with ``alg`` (the one algorithm allowed), checked by
    PyJWT: ``aud`` contains ``audience``, ``iss`` is ``issuer``, ``exp``/``nbf``/``iat`` with ``leeway`` seconds,
    every name in ``required`` present. Raises PyJWT's ``PyJWTError`` subclasses."""
    claims: dict[str, Any] = jwt.decode(
        token,
        key=key,
        algorithms=[alg],
        audience=audience,
        issuer=issuer,
        leeway=leeway,
        options={"require": required},
    )
    return claims


def unverified_header(token: str) -> dict[str, Any]:
    # Our own parse: PyJWT's get_unverified_header re-checks the whole token byte by
    # byte, which doubled the cost of a verification (see bench/backend). jwt.decode
    # still does the full strict parse afterwards.
    segment = token.partition(".")[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (ValueError, binascii.Error):
        raise MalformedToken("header is not base64url JSON") from None
    if not isinstance(header, dict):
        raise MalformedToken("header is not a JSON object")
    return header


# PyJWT's exceptions and ours, most specific first (several of PyJWT's subclass one another).
_PYJWT_ERRORS: tuple[tuple[type[jwt_errors.PyJWTError], type[TokenError]], ...] = (
    (jwt_errors.InvalidSignatureError, BadSignature),
    (jwt_errors.ExpiredSignatureError, ExpiredToken),
    (jwt_errors.ImmatureSignatureError, NotYetValid),
    (jwt_errors.InvalidAudienceError, WrongAudience),
    (jwt_errors.InvalidIssuerError, WrongIssuer),
    (jwt_errors.InvalidAlgorithmError, BadAlgorithm),
)


def _raise_for(exc: jwt_errors.PyJWTError) -> NoReturn:
    """Map PyJWT's exception to ours; only the class name travels, never the text."""
    name = type(exc).__name__
    if isinstance(exc, jwt_errors.MissingRequiredClaimError):
        missing = {"aud": WrongAudience, "iss": WrongIssuer}.get(exc.claim, MissingClaim)
        raise missing(f"missing {exc.claim}") from None
    for theirs, ours in _PYJWT_ERRORS:
        if isinstance(exc, theirs):
            raise ours(name) from None
    raise MalformedToken(name) from None
