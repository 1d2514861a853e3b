"""The realm's signing keys: discovered, cached with a lifespan, refetched sparingly.

Rules (after PyJWT's ``PyJWKClient``, made async and stricter):

* keys live ``jwks_cache_seconds``; after that the next request refreshes them;
* an unknown ``kid`` forces one refresh, but never more than one fetch attempt per
  ``jwks_min_refetch_seconds`` (a flood of random kids costs Keycloak one request);
* if Keycloak is down the cached keys keep working, however old;
* with no cached key at all, ``KeySetUnavailable`` (503) is raised.

Keys are looked up only by ``kid`` among the fetched JWKS; nothing in the token
header (``jwk``, ``jku``, ``x5u``, ``x5c``) is ever used.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import httpx
from jwt import PyJWK
from jwt.exceptions import PyJWTError

from ._http import FetchError, request_json
from .discovery import ProviderMetadata, fetch_metadata
from .errors import AlgorithmMismatch, KeySetUnavailable, UnknownKey
from .metrics import AuthMetrics
from .settings import AuthSettings

log = logging.getLogger("docs_auth")

_MIN_RSA_BITS = 2048
_EC_ALG_BY_CURVE = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_RSA_ALGS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")


def compatible_algorithms(jwk: dict[str, Any]) -> tuple[str, ...]:
    """JWS algorithms a key of this type and curve can verify."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "RSA":
        return _RSA_ALGS
    if kty == "EC" and isinstance(crv, str) and crv in _EC_ALG_BY_CURVE:
        return (_EC_ALG_BY_CURVE[crv],)
    if kty == "OKP" and crv in ("Ed25519", "Ed448"):
        return ("EdDSA",)
    return ()


def parse_jwks(doc: dict[str, Any], allowed: Iterable[str]) -> dict[str, dict[str, PyJWK]]:
    """Map kid -> {alg: key} for the usable public signing keys of a JWKS document."""
    allowed_set = set(allowed)
    raw_keys = doc.get("keys")
    keys: dict[str, dict[str, PyJWK]] = {}
    if not isinstance(raw_keys, list):
        return keys
    for jwk in raw_keys:
        if not isinstance(jwk, dict):
            continue
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not kid or jwk.get("use", "sig") != "sig" or "d" in jwk:
            continue  # keyless, encryption or (misplaced) private keys are never used
        candidates = compatible_algorithms(jwk)
        declared = jwk.get("alg")
        if declared is not None:
            # A JWK that names its alg verifies that alg only (RFC 7517 §4.4).
            candidates = (declared,) if declared in candidates else ()
        built = keys.setdefault(kid, {})
        for alg in candidates:
            if alg not in allowed_set or alg in built:
                continue
            try:
                key = PyJWK(jwk, algorithm=alg)
            except PyJWTError as exc:
                log.warning("skipping JWK kid=%r: %s", kid, type(exc).__name__)
                break
            if jwk.get("kty") == "RSA" and getattr(key.key, "key_size", 0) < _MIN_RSA_BITS:
                log.warning("skipping JWK kid=%r: RSA key shorter than %d bits", kid, _MIN_RSA_BITS)
                break
            built[alg] = key
        if not built:
            del keys[kid]
    return keys


def _fingerprint(doc: dict[str, Any], kids: Iterable[str]) -> str:
    wanted = set(kids)
    kept = sorted(
        (json.dumps(k, sort_keys=True) for k in doc.get("keys", []) if isinstance(k, dict) and k.get("kid") in wanted),
    )
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


class JwksCache:
    """Async, rate-limited cache of the realm's signing keys."""

    def __init__(
        self,
        settings: AuthSettings,
        client: httpx.AsyncClient | None = None,
        *,
        metrics: AuthMetrics,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._client = client
        self._metrics = metrics
        self._monotonic = monotonic
        self._keys: dict[str, dict[str, PyJWK]] = {}
        self._fingerprint: str | None = None
        self._metadata: ProviderMetadata | None = None
        self._fetched_at: float | None = None
        self._last_attempt: float | None = None
        self._listeners: list[Callable[[], None]] = []
        # asyncio locks belong to one event loop; keep one per loop.
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever a fetch brings a different key set."""
        self._listeners.append(callback)

    @property
    def kids(self) -> frozenset[str]:
        return frozenset(self._keys)

    async def get_key(self, kid: str, alg: str) -> PyJWK:
        if not self._keys or self._stale():
            await self.refresh()
        if not self._keys:
            raise KeySetUnavailable()
        by_alg = self._keys.get(kid)
        if by_alg is None and await self.refresh():
            by_alg = self._keys.get(kid)
        if by_alg is None:
            raise UnknownKey()
        key = by_alg.get(alg)
        if key is None:
            raise AlgorithmMismatch()
        return key

    async def provider_metadata(self) -> ProviderMetadata:
        if self._metadata is None:
            await self.refresh()
        if self._metadata is None:
            raise FetchError("provider metadata unavailable")
        return self._metadata

    async def refresh(self) -> bool:
        """Fetch the key set unless an attempt was made too recently; True if fetched."""
        async with self._lock():
            now = self._monotonic()
            if self._last_attempt is not None and now - self._last_attempt < self._settings.jwks_min_refetch_seconds:
                return False
            self._last_attempt = now
            try:
                await self._fetch(now)
            except FetchError as exc:
                self._metadata = None  # rediscover next time: the jwks_uri may have moved
                self._metrics.jwks_fetch("error")
                log.warning("JWKS fetch failed (%s); %d cached key(s) still in use", exc, len(self._keys))
                return False
            self._metrics.jwks_fetch("ok")
            return True

    def _stale(self) -> bool:
        return self._fetched_at is None or self._monotonic() - self._fetched_at >= self._settings.jwks_cache_seconds

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _fetch(self, now: float) -> None:
        if self._metadata is None:
            self._metadata = await fetch_metadata(self._settings, self._client)
        doc = await request_json(self._client, "GET", self._metadata.jwks_uri, timeout=self._settings.http_timeout_seconds)
        keys = parse_jwks(doc, self._settings.algorithms)
        if not keys:
            raise FetchError("JWKS has no usable signing key")
        fingerprint = _fingerprint(doc, keys)
        self._keys, self._fetched_at = keys, now
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            log.info("signing keys loaded: kids=%s", sorted(keys))
            for callback in self._listeners:
                callback()
