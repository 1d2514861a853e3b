"""The push endpoint (RFC 8935) where Keycloak delivers Security Event Tokens, as a FastAPI router.

    app.include_router(security_events_router(validator, secret=settings.signals_secret))

Every request is checked in this order, the cheap checks before the body is read:

1. the push credential, ``Authorization: Bearer <secret>``, compared in constant time: missing or wrong, 401
   ``authentication_failed`` with ``WWW-Authenticate: Bearer`` (the RFC 8935 §2.4 code for "could not
   authenticate the SET Transmitter"; one credential per receiver, so there is no ``access_denied`` case);
2. ``Content-Type: application/secevent+jwt`` (RFC 8935 §2): else 415 ``invalid_request``;
3. the body size: a ``Content-Length`` over ``max_body_bytes`` is refused at once, a body that grows past it
   as it streams in is refused there: 413 ``invalid_request``, nothing parsed;
4. the SET itself (``security_events.SetVerifier``): 400 with ``invalid_request``, ``invalid_key``,
   ``invalid_issuer`` or ``invalid_audience`` (RFC 8935 §2.3); 503 when the realm's keys cannot be fetched;
5. its ``jti``: recorded once in the ``RevocationStore``. RFC 8935 §2.2 acknowledges a SET that was received
   and validated with 202 (Accepted); a transmitter that sends a SET again (same ``jti``) did not see that
   acknowledgement, so the repeat is answered 202 as well, and its effect is not applied a second time. A
   refusal would make the transmitter retry a SET that is already in force, or report it lost.

Every error body is the JSON object of RFC 8935 §2.3, ``{"err": <code>, "description": <text>}``; success is
202 with an empty body. Unknown event types are accepted (202) and ignored.
"""

from __future__ import annotations

import hmac
import inspect
import logging
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from pydantic import SecretStr
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .security_events import SetError, SetVerifier
from .store import MemoryRevocationStore, RevocationStore
from .verifier import TokenValidator

log = logging.getLogger("docs_auth")

SET_MEDIA_TYPE = "application/secevent+jwt"
DEFAULT_PATH = "/api/security-events"
# A SET of ours is under 2 KB; 16 KB leaves room for a larger key id or a few more claims.
DEFAULT_MAX_BODY_BYTES = 16 * 1024

PurgeHook = Callable[[str], Awaitable[None] | None]


class _Refused(Exception):
    def __init__(self, status: int, err: str, description: str) -> None:
        super().__init__(description)
        self.status, self.err, self.description = status, err, description


def _error(status: int, err: str, description: str, realm: str) -> JSONResponse:
    headers = {"WWW-Authenticate": f'Bearer realm="{realm}"'} if status == 401 else None
    return JSONResponse({"err": err, "description": description}, status_code=status, headers=headers)


class SecurityEventReceiver:
    """Checks a push request, records its SET, runs the purge hook: the work behind the router's one route."""

    def __init__(
        self,
        validator: TokenValidator,
        *,
        secret: str | SecretStr,
        store: RevocationStore | None = None,
        audience: str | None = None,
        on_account_purged: PurgeHook | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        plain = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
        if not plain:
            raise ValueError("the push secret must not be empty")
        settings = validator.settings
        self._secret = plain.encode()
        self.store: RevocationStore = store if store is not None else MemoryRevocationStore(validator.revocations)
        self._verifier = SetVerifier(
            validator.keys,
            issuer=settings.issuer,
            audience=audience or settings.audience,
            algorithms=settings.algorithms,
            leeway=settings.leeway_seconds,
        )
        self._on_account_purged = on_account_purged
        self._max_body_bytes = max_body_bytes
        self._realm = settings.effective_realm_name

    async def handle(self, request: Request) -> Response:
        try:
            self._authenticate(request)
            self._check_media_type(request)
            body = await self._read_body(request)
            event = await self._verifier.verify(body)
        except _Refused as exc:
            log.info("security event refused: err=%s status=%d", exc.err, exc.status)
            return _error(exc.status, exc.err, exc.description, self._realm)
        except SetError as exc:
            log.info("security event refused: err=%s detail=%s", exc.err, exc.description)
            return _error(exc.status, exc.err, exc.description, self._realm)
        if not await self.store.record(event.jti, event.revocation):
            log.info("security event already accepted: jti=%s", event.jti)
            return Response(status_code=202)
        log.info("security event accepted: type=%s jti=%s", event.event_type.rsplit("/", 1)[-1], event.jti)
        if event.purges and event.revocation is not None and self._on_account_purged is not None:
            try:
                result = self._on_account_purged(event.revocation.key)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                # The tokens stay refused; forgetting the jti lets the transmitter's retry run the hook again.
                log.exception("the account-purged hook failed: jti=%s", event.jti)
                await self.store.forget(event.jti)
                return Response(status_code=500)
        return Response(status_code=202)

    def _authenticate(self, request: Request) -> None:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise _Refused(401, "authentication_failed", "A bearer push credential is required")
        if not hmac.compare_digest(credential.strip().encode(), self._secret):
            raise _Refused(401, "authentication_failed", "The push credential is not valid")

    def _check_media_type(self, request: Request) -> None:
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type != SET_MEDIA_TYPE:
            raise _Refused(415, "invalid_request", f"The body must be {SET_MEDIA_TYPE}")

    async def _read_body(self, request: Request) -> bytes:
        too_large = _Refused(413, "invalid_request", f"The SET is over {self._max_body_bytes} bytes")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > self._max_body_bytes:
            raise too_large
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self._max_body_bytes:
                raise too_large
        return bytes(body)


def security_events_router(
    validator: TokenValidator,
    *,
    secret: str | SecretStr,
    store: RevocationStore | None = None,
    audience: str | None = None,
    on_account_purged: PurgeHook | None = None,
    path: str = DEFAULT_PATH,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> APIRouter:
    """A router with ``POST path``, the RFC 8935 push endpoint of Security Event Tokens from the realm.

    ``validator``: its settings give the issuer, its key cache verifies SETs, its ``revocations`` receive their
    effect. ``secret``: the push credential (``Authorization: Bearer``). ``store``: default one process's memory;
    ``PostgresRevocationStore`` shares it between processes. ``audience``: the SETs' ``aud`` (default the
    validator's audience). ``on_account_purged(sub)``: called once per deleted account (sync or async); if it
    raises, the delivery gets 500 and its retry calls it again, so it must be idempotent. ``max_body_bytes``:
    larger bodies get 413 unread. The route is left out of the OpenAPI document: only Keycloak calls it.
    """
    receiver = SecurityEventReceiver(
        validator,
        secret=secret,
        store=store,
        audience=audience,
        on_account_purged=on_account_purged,
        max_body_bytes=max_body_bytes,
    )
    router = APIRouter()
    router.add_api_route(path, receiver.handle, methods=["POST"], include_in_schema=False, status_code=202)
    return router
