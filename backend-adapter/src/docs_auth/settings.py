"""Settings read from ``DOCS_AUTH_*`` environment variables."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Asymmetric JWS algorithms only: HMAC and "none" can never be enabled.
ASYMMETRIC_ALGORITHMS: tuple[str, ...] = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)


def _split_csv(value: Any) -> Any:
    # Env vars arrive as "a,b"; JSON lists and Python lists pass through.
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            return json.loads(value)
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class AuthSettings(BaseSettings):
    """Where tokens come from, who they are for, and how hard to check them."""

    model_config = SettingsConfigDict(env_prefix="DOCS_AUTH_", frozen=True, extra="ignore")

    issuer: str = "http://localhost:8080/realms/docs"
    audience: str = "rag-api"
    # Only for split-horizon setups (backend reaches Keycloak by another host name).
    discovery_url: str | None = None
    # Realm shown in WWW-Authenticate; defaults to the issuer's last path segment.
    realm_name: str | None = None
    leeway_seconds: int = Field(default=30, ge=0, le=300)
    allowed_azp: Annotated[list[str], NoDecode] = Field(default_factory=list)
    algorithms: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(ASYMMETRIC_ALGORITHMS)
    )
    strict: bool = False
    # Refuse (403 insufficient_scope) a valid token whose email_verified claim is not true.
    require_verified_email: bool = False
    introspection_client_id: str | None = None
    introspection_client_secret: SecretStr | None = None
    introspection_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    jwks_cache_seconds: float = Field(default=300.0, gt=0)
    jwks_min_refetch_seconds: float = Field(default=10.0, ge=0)
    http_timeout_seconds: float = Field(default=3.0, gt=0)
    max_token_bytes: int = Field(default=16 * 1024, ge=1024)
    token_cache_size: int = Field(default=1024, ge=0)
    # The longest an access token of the realm lives (Keycloak's "Access Token Lifespan", 5 minutes in realm docs):
    # a revocation from a security event is kept this long plus the leeway, then no token it refuses is valid.
    token_lifetime_seconds: int = Field(default=300, ge=1)

    @field_validator("issuer")
    @classmethod
    def _issuer_is_http_url(cls, value: str) -> str:
        value = value.rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("issuer must be an http(s) URL")
        return value

    @field_validator("allowed_azp", "algorithms", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        return _split_csv(value)

    @field_validator("algorithms")
    @classmethod
    def _asymmetric_only(cls, value: list[str]) -> list[str]:
        bad = [alg for alg in value if alg not in ASYMMETRIC_ALGORITHMS]
        if bad or not value:
            raise ValueError(f"algorithms must be a non-empty subset of {ASYMMETRIC_ALGORITHMS}")
        return value

    @model_validator(mode="after")
    def _strict_needs_credentials(self) -> AuthSettings:
        if self.strict and not (self.introspection_client_id and self.introspection_client_secret):
            raise ValueError("strict mode needs introspection_client_id and introspection_client_secret")
        return self

    @property
    def effective_discovery_url(self) -> str:
        return self.discovery_url or f"{self.issuer}/.well-known/openid-configuration"

    @property
    def effective_realm_name(self) -> str:
        name = self.realm_name or urlsplit(self.issuer).path.rstrip("/").rsplit("/", 1)[-1]
        # It goes inside a quoted-string of a response header.
        return "".join(ch for ch in name if ch.isprintable() and ch not in '"\\') or "api"
