"""Keycloak access-token validation for FastAPI.

    validator = TokenValidator(AuthSettings())
    current_user = KeycloakBearer(validator)

    @app.get("/api/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> User: ...

    current_user.document(app)   # its 401 (and 400, 403, 503) in app's OpenAPI document

    # Security Event Tokens pushed by Keycloak (RFC 8935) end tokens before they expire:
    app.include_router(security_events_router(validator, secret=push_secret))
"""

from .body import JSONBodyRequest, JSONBodyRoute
from .errors import (
    AlgorithmMismatch,
    BadAlgorithm,
    BadSignature,
    EmailNotVerified,
    ExpiredToken,
    InactiveToken,
    IntrospectionUnavailable,
    KeySetUnavailable,
    MalformedToken,
    MissingClaim,
    NotYetValid,
    RevokedToken,
    SenderConstrainedToken,
    TokenError,
    TokenTooLarge,
    UnauthorizedParty,
    UnknownKey,
    WrongAudience,
    WrongIssuer,
    WrongTokenType,
)
from .fastapi import KeycloakBearer, mount_metrics, require_roles
from .metrics import AuthMetrics
from .models import BearerError, BearerErrorDetail, User
from .receiver import SecurityEventReceiver, security_events_router
from .revocation import Revocation, RevocationList
from .security_events import SecurityEvent, SetError
from .settings import AuthSettings
from .store import MemoryRevocationStore, RevocationStore
from .verifier import TokenValidator

__all__ = [
    "AlgorithmMismatch",
    "AuthMetrics",
    "AuthSettings",
    "BadAlgorithm",
    "BadSignature",
    "BearerError",
    "BearerErrorDetail",
    "EmailNotVerified",
    "ExpiredToken",
    "InactiveToken",
    "IntrospectionUnavailable",
    "JSONBodyRequest",
    "JSONBodyRoute",
    "KeySetUnavailable",
    "KeycloakBearer",
    "MalformedToken",
    "MissingClaim",
    "MemoryRevocationStore",
    "NotYetValid",
    "Revocation",
    "RevocationList",
    "RevocationStore",
    "RevokedToken",
    "SecurityEvent",
    "SecurityEventReceiver",
    "SetError",
    "SenderConstrainedToken",
    "TokenError",
    "TokenTooLarge",
    "TokenValidator",
    "UnauthorizedParty",
    "UnknownKey",
    "User",
    "WrongAudience",
    "WrongIssuer",
    "WrongTokenType",
    "mount_metrics",
    "require_roles",
    "security_events_router",
]
