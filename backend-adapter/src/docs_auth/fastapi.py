"""FastAPI glue: a bearer security scheme that yields a ``User`` and documents its refusals, role checks, /metrics."""

import logging
import math
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Security
from fastapi.encoders import jsonable_encoder
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import Scope

from .errors import EmailNotVerified, ExpiredToken, KeySetUnavailable, TokenError
from .metrics import MISSING_TOKEN, TOKEN_IN_QUERY
from .models import BearerError, User
from .verifier import TokenValidator

log = logging.getLogger("docs_auth")

QUERY_TOKEN_DESCRIPTION = "Send the access token in the Authorization header"
MISSING_ROLE_DESCRIPTION = "A required role is missing"
MISSING_TOKEN_DESCRIPTION = "Authentication required"
SCHEMA_REF = "#/components/schemas/{model}"


def _error_schemas() -> dict[str, Any]:
    """``BearerError`` and the models it refers to, as OpenAPI components."""
    schema = BearerError.model_json_schema(ref_template=SCHEMA_REF)
    nested: dict[str, Any] = schema.pop("$defs")
    return {"BearerError": schema, **nested}


CHALLENGE_SCHEMA = {"type": "string", "pattern": "^Bearer "}
SECONDS_SCHEMA = {"type": "integer", "minimum": 1}


def _refusal(
    description: str, examples: Mapping[str, tuple[str, str]], header: str, header_doc: str
) -> dict[str, Any]:
    """One OpenAPI response object: the ``BearerError`` body with an example per code, and its one header."""
    header_schema = dict(SECONDS_SCHEMA if header == "Retry-After" else CHALLENGE_SCHEMA)
    return {
        "description": description,
        "headers": {header: {"description": header_doc, "required": True, "schema": header_schema}},
        "content": {
            "application/json": {
                "schema": {"$ref": SCHEMA_REF.format(model="BearerError")},
                "examples": {
                    name: {"value": {"detail": {"error": error, "error_description": text}}}
                    for name, (error, text) in examples.items()
                },
            }
        },
    }


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
        # Where this scheme leaves the caller in the request's scope. FastAPI caches a security dependency
        # per set of scopes, so a route with Depends(scheme) and a role check (Security(scheme, scopes=roles))
        # calls the scheme twice; the second call returns the first one's User, and counts nothing.
        self._checked = f"docs_auth.user.{id(self)}"

    async def __call__(self, request: HTTPConnection) -> User | None:  # type: ignore[override]
        scope = request.scope
        checked: User | None = scope.get(self._checked)
        if checked is not None:
            return checked
        # Most API calls carry no query string; parsing one costs more than a cached token check.
        if scope.get("query_string") and "access_token" in request.query_params:
            # RFC 6750 §2.3 allows it, but URLs end up in logs and Referer headers.
            self.validator.metrics.outcome(TOKEN_IN_QUERY)
            log.info("token refused: reason=%s", TOKEN_IN_QUERY)
            raise self.challenge(400, "invalid_request", QUERY_TOKEN_DESCRIPTION)
        scheme, credentials = get_authorization_scheme_param(_authorization(scope))
        credentials = credentials.strip()
        if scheme.lower() != "bearer" or not credentials:
            if not self.auto_error:
                return None
            self.validator.metrics.outcome(MISSING_TOKEN)
            raise self.missing_token()
        user = self.validator.cached(credentials)
        if user is None:
            try:
                user = await self.validator.validate(credentials)
            except TokenError as exc:
                raise self.token_error(exc) from None
        scope[self._checked] = user
        return user

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

    def document(self, app: FastAPI) -> None:
        """Show this scheme's refusals in ``app``'s OpenAPI document, on every operation that requires it.

        FastAPI puts a security requirement in each operation whose dependencies include the scheme,
        but no response: it cannot know what a dependency answers. This wraps ``app.openapi`` (FastAPI's
        own way to extend the document) so that each operation requiring this scheme gets the 400, 401
        and 503 it can answer, plus 403 when its requirement lists roles (``require_roles``), each with
        the ``BearerError`` body and its header. Responses the app declared itself are kept. Call it
        once per app, before or after the routes; it covers included routers and routes that use
        ``openapi_extra()``.
        """
        generate = app.openapi

        def openapi() -> dict[str, Any]:
            schema = generate()  # FastAPI's document, made once and cached on the app
            self._add_refusals(schema)  # idempotent: setdefault everywhere
            return schema

        app.openapi = openapi  # type: ignore[method-assign]

    def openapi_extra(self, *roles: str) -> dict[str, Any]:
        """The security requirement of a route that calls ``authenticate`` instead of ``Depends(scheme)``.

        ``@app.get(path, openapi_extra=scheme.openapi_extra())`` shows the route as requiring this
        scheme (with ``roles``, if it checks them itself), and ``document(app)`` then adds its refusals.
        """
        return {"security": [{self.scheme_name: list(roles)}]}

    def _add_refusals(self, schema: dict[str, Any]) -> None:
        used = False
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                if not isinstance(operation, dict):  # "summary" or "parameters" an app added beside the methods
                    continue
                requirements = [r for r in operation.get("security", ()) if self.scheme_name in r]
                if not requirements:
                    continue
                used = True
                responses = operation.setdefault("responses", {})
                roles = any(r[self.scheme_name] for r in requirements)
                for status, response in self._refusals(roles=roles).items():
                    responses.setdefault(status, response)
        if used:
            components = schema.setdefault("components", {})
            for name, model in _error_schemas().items():
                components.setdefault("schemas", {}).setdefault(name, model)
            model = jsonable_encoder(self.model, by_alias=True, exclude_none=True)
            components.setdefault("securitySchemes", {}).setdefault(self.scheme_name, model)

    def _refusals(self, *, roles: bool) -> dict[str, dict[str, Any]]:
        challenge = f"RFC 6750 challenge: Bearer realm=\"{self.realm}\", then error and error_description"
        invalid = ExpiredToken.description  # one reason of many, as an example
        refusals = {
            "400": _refusal(
                "The access token was sent in the query string (RFC 6750 invalid_request)",
                {"invalid_request": ("invalid_request", QUERY_TOKEN_DESCRIPTION)},
                "WWW-Authenticate",
                challenge,
            ),
            "401": _refusal(
                "No bearer token, or one that is invalid, expired or revoked (RFC 6750 invalid_token)",
                {
                    "missing_token": ("missing_token", MISSING_TOKEN_DESCRIPTION),
                    "invalid_token": ("invalid_token", invalid),
                },
                "WWW-Authenticate",
                f"Bearer realm=\"{self.realm}\" when no token was sent; with a token, also error and error_description",
            ),
            "503": _refusal(
                "Keycloak's signing keys, or in strict mode its introspection, cannot be reached: try again later",
                {"temporarily_unavailable": ("temporarily_unavailable", KeySetUnavailable.description)},
                "Retry-After",
                "seconds to wait before trying again",
            ),
        }
        forbidden = self._forbidden(roles=roles)
        if forbidden:
            reasons, examples = zip(*forbidden, strict=True)
            refusals["403"] = _refusal(
                f"The token is valid but {' or '.join(reasons)} (RFC 6750 insufficient_scope)",
                dict(examples),
                "WWW-Authenticate",
                challenge,
            )
        return refusals

    def _forbidden(self, *, roles: bool) -> list[tuple[str, tuple[str, tuple[str, str]]]]:
        """The reasons for a 403 on an operation, each with its example: a role it requires, a verified address."""
        forbidden = []
        if roles:
            forbidden.append(("lacks a role this operation requires",
                              ("insufficient_scope", ("insufficient_scope", MISSING_ROLE_DESCRIPTION))))
        if self.validator.settings.require_verified_email:
            forbidden.append(("the reader's e-mail address is not verified",
                              ("email_unverified", ("insufficient_scope", EmailNotVerified.description))))
        return forbidden

    def missing_token(self) -> HTTPException:
        # RFC 6750 §3.1: no error code when the request carried no token.
        return HTTPException(
            status_code=401,
            detail={"error": "missing_token", "error_description": MISSING_TOKEN_DESCRIPTION},
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
    ``insufficient_scope``. The operation's security requirement in OpenAPI lists the roles
    (``admin``, ``rag-api:reader``), as OpenAPI 3.1 allows for any scheme, and ``scheme.document(app)``
    adds the 403 where roles are listed.
    """
    wanted = {client: tuple(roles) for client, roles in (client_roles or {}).items()}
    listed = [*realm_roles, *(f"{client}:{role}" for client, roles in wanted.items() for role in roles)]

    async def check_roles(user: Annotated[User | None, Security(scheme, scopes=listed)]) -> User:
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
