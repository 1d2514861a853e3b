"""The caller, as the verified access token describes them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def _text(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    return value if isinstance(value, str) else None


def _roles(container: object) -> list[str]:
    roles = container.get("roles") if isinstance(container, dict) else None
    return [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else []


class User(BaseModel):
    """Profile and roles from a verified Keycloak access token. Read-only."""

    model_config = ConfigDict(frozen=True)

    sub: str
    email: str | None = None
    email_verified: bool | None = None
    name: str | None = None
    preferred_username: str | None = None
    experience_level: str | None = None
    professional_role: str | None = None
    role_other: str | None = None
    organization: str | None = None
    realm_roles: list[str] = Field(default_factory=list)
    client_roles: dict[str, list[str]] = Field(default_factory=dict)
    # All verified claims; kept out of model_dump()/responses (sid, session_state, ...).
    claims: dict[str, Any] = Field(default_factory=dict, repr=False, exclude=True)

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> User:
        resource_access = claims.get("resource_access")
        verified = claims.get("email_verified")
        return cls(
            sub=str(claims["sub"]),
            email=_text(claims, "email"),
            email_verified=verified if isinstance(verified, bool) else None,
            name=_text(claims, "name"),
            preferred_username=_text(claims, "preferred_username"),
            experience_level=_text(claims, "experience_level"),
            professional_role=_text(claims, "professional_role"),
            role_other=_text(claims, "role_other"),
            organization=_text(claims, "organization"),
            realm_roles=_roles(claims.get("realm_access")),
            client_roles=(
                {client: _roles(access) for client, access in resource_access.items() if isinstance(client, str)}
                if isinstance(resource_access, dict)
                else {}
            ),
            claims=claims,
        )

    def has_realm_role(self, role: str) -> bool:
        return role in self.realm_roles

    def has_client_role(self, client: str, role: str) -> bool:
        return role in self.client_roles.get(client, ())


class BearerErrorDetail(BaseModel):
    """What a refusal says: an RFC 6750 §3.1 error code and a fixed sentence."""

    error: Literal[
        "missing_token", "invalid_request", "invalid_token", "insufficient_scope", "temporarily_unavailable"
    ] = Field(
        description="invalid_request (400), missing_token or invalid_token (401), insufficient_scope (403), "
        "temporarily_unavailable (503); missing_token is ours: RFC 6750 gives no code when no token was sent",
    )
    error_description: str = Field(description="a fixed sentence for each reason, never the text of an exception")


class BearerError(BaseModel):
    """The body of every refusal of a ``KeycloakBearer``: FastAPI's ``{"detail": ...}`` around the RFC 6750 error."""

    detail: BearerErrorDetail
