"""Strict mode: ask Keycloak (RFC 7662) whether a token is still active.

Catches tokens revoked before their ``exp`` (logout, disabled user) at the cost
of one request per token per ``introspection_cache_seconds``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

import httpx

from ._http import FetchError, request_json
from .cache import ExpiringLru
from .errors import InactiveToken, IntrospectionUnavailable
from .settings import AuthSettings

log = logging.getLogger("docs_auth")


class Introspector:
    def __init__(
        self,
        settings: AuthSettings,
        endpoint: Callable[[], Awaitable[str | None]],
        client: httpx.AsyncClient | None = None,
        *,
        clock: Callable[[], float] = time.time,
        maxsize: int = 1024,
    ) -> None:
        if not settings.introspection_client_id or settings.introspection_client_secret is None:
            raise ValueError("introspection needs client credentials")
        self._client_id = settings.introspection_client_id
        self._secret = settings.introspection_client_secret
        self._ttl = settings.introspection_cache_seconds
        self._timeout = settings.http_timeout_seconds
        self._endpoint = endpoint
        self._client = client
        self._clock = clock
        self._cache: ExpiringLru[bool] = ExpiringLru(maxsize, clock=clock)

    async def check(self, token: str, exp: float) -> None:
        """Raise ``InactiveToken`` or ``IntrospectionUnavailable`` unless Keycloak says active."""
        active = self._cache.get(token)
        if active is None:
            active = await self._ask(token)
            self._cache.put(token, active, min(self._clock() + self._ttl, exp))
        if not active:
            raise InactiveToken()

    async def _ask(self, token: str) -> bool:
        try:
            url = await self._endpoint()
            if url is None:
                raise FetchError("no introspection_endpoint in discovery")
            body = await request_json(
                self._client,
                "POST",
                url,
                timeout=self._timeout,
                # client_secret_post: Keycloak accepts it and it needs no URL-encoding rules.
                data={
                    "token": token,
                    "token_type_hint": "access_token",
                    "client_id": self._client_id,
                    "client_secret": self._secret.get_secret_value(),
                },
            )
        except FetchError as exc:
            log.warning("token introspection failed: %s", exc)
            raise IntrospectionUnavailable() from exc
        return body.get("active") is True
