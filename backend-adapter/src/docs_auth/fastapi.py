"""FastAPI glue: a bearer security scheme that yields a ``User``, role checks, /metrics."""

import logging
import math
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Scope

from .errors import TokenError
from .metrics import MISSING_TOKEN, TOKEN_IN_QUERY
from .models import User
from .verifier import TokenValidator

log = logging.getLogger("docs_auth")

QUERY_TOKEN_DESCRIPTION = "Send the access token in the Authorization header"
MISSING_ROLE_DESCRIPTION = "A required role is missing"


def _authorization(scope: Scope) -> str | None:
    """The first Authorization header, as ``request.headers.get`` gives it, without building a Headers object."""
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == b"authorization":  # ASGI servers lower-case header names
            return value.decode("latin-1")
    return None


class KeycloakBearer(HTTPBearer):
    """Security scheme: ``Depends(scheme)`` gives the caller as a ``User``.

    Shown in OpenAPI as HTTP bearer (JWT). With ``auto_error=False`` a request
    without a bearer token gets ``None``; a bearer token that is given but invalid
    is still refused, since the client believes it is signed in.
    """

    def __init__(
        self,
        validator: TokenValidator,
        *,
        auto_error: bool = True,
        scheme_name: str = "KeycloakBearer",
        description: str | None = None,
        realm: str | None = None,
    ) -> None:
        super().__init__(
            bearerFormat="JWT",
            scheme_name=scheme_name,
            description=description or f"Keycloak access token issued by {validator.settings.issuer}",
            auto_error=auto_error,
        )
        self.validator = validator
        self.realm = realm or validator.settings.effective_realm_name

    async def __call__(self, request: HTTPConnection) -> User | None:  # type: ignore[override]
        # Most API calls carry no query string; parsing one costs more than a cached token check.
        if request.scope.get("query_string") and "access_token" in request.query_params:
            # RFC 6750 §2.3 allows it, but URLs end up in logs and Referer headers.
            self.validator.metrics.outcome(TOKEN_IN_QUERY)
            log.info("token refused: reason=%s", TOKEN_IN_QUERY)
            raise self.challenge(400, "invalid_request", QUERY_TOKEN_DESCRIPTION)
        scheme, credentials = get_authorization_scheme_param(_authorization(request.scope))
        credentials = credentials.strip()
        if scheme.lower() != "bearer" or not credentials:
            if not self.auto_error:
                return None
            self.validator.metrics.outcome(MISSING_TOKEN)
            raise self.missing_token()
        user = self.validator.cached(credentials)
        if user is not None:
            return user
        try:
            return await self.validator.validate(credentials)
        except TokenError as exc:
            raise self.token_error(exc) from None

    async def authenticate(self, request: HTTPConnection) -> User:
        """The caller, checked as ``Depends(scheme)`` checks them, for an endpoint that takes the ``Request``.

        Same checks, statuses, headers and counters, without FastAPI's per-dependency work, which
        costs a cached check several times over (see the README's "Under load"). Refuses a request
        without a token even when the scheme has ``auto_error=False``.
        """
        user = await self(request)
        if user is None:
            self.validator.metrics.outcome(MISSING_TOKEN)
            raise self.missing_token()
        return user

    def missing_token(self) -> HTTPException:
        # RFC 6750 §3.1: no error code when the request carried no token.
        return HTTPException(
            status_code=401,
            detail={"error": "missing_token", "error_description": "Authentication required"},
            headers={"WWW-Authenticate": f'Bearer realm="{self.realm}"'},
        )

    def token_error(self, exc: TokenError) -> HTTPException:
        if exc.status_code >= 500:
            retry = max(1, math.ceil(self.validator.settings.jwks_min_refetch_seconds))
            return HTTPException(
                status_code=exc.status_code,
                detail={"error": exc.error, "error_description": exc.description},
                headers={"Retry-After": str(retry)},
            )
        return self.challenge(exc.status_code, exc.error, exc.description)

    def challenge(self, status_code: int, error: str, description: str) -> HTTPException:
        header = f'Bearer realm="{self.realm}", error="{error}", error_description="{description}"'
        return HTTPException(
            status_code=status_code,
            detail={"error": error, "error_description": description},
            headers={"WWW-Authenticate": header},
        )


def require_roles(
    scheme: KeycloakBearer,
    *realm_roles: str,
    client_roles: Mapping[str, Iterable[str]] | None = None,
) -> Callable[..., Awaitable[User]]:
    """Dependency that yields the ``User`` only if they hold every listed role.

    Realm roles come from ``realm_access.roles``; ``client_roles={"rag-api": ["reader"]}``
    checks ``resource_access.rag-api.roles``. A missing role gives 403
    ``insufficient_scope``.
    """
    wanted = {client: tuple(roles) for client, roles in (client_roles or {}).items()}

    async def check_roles(user: Annotated[User | None, Depends(scheme)]) -> User:
        if user is None:  # an optional scheme let an anonymous request through
            scheme.validator.metrics.outcome(MISSING_TOKEN)
            raise scheme.missing_token()
        missing = [r for r in realm_roles if not user.has_realm_role(r)]
        missing += [f"{c}:{r}" for c, roles in wanted.items() for r in roles if not user.has_client_role(c, r)]
        if missing:
            log.info("access refused: reason=insufficient_scope sub=%r missing=%s", user.sub, missing)
            raise scheme.challenge(403, "insufficient_scope", MISSING_ROLE_DESCRIPTION)
        return user

    return check_roles


def mount_metrics(app: FastAPI, registry: CollectorRegistry | None = None, path: str = "/metrics") -> None:
    """Serve the registry's metrics (ours included) in Prometheus text format."""
    source = REGISTRY if registry is None else registry

    async def metrics(request: Request) -> Response:
        return Response(generate_latest(source), media_type=CONTENT_TYPE_LATEST)

    app.add_route(path, metrics, include_in_schema=False)
