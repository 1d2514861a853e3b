"""Settings of the example backend (``RAG_*`` environment variables); the token checks read ``DOCS_AUTH_*``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from docs_auth import AuthSettings
from docs_auth.quota import parse_quota

# The one client whose readers call this API (docs/contracts.md: the docs site's public client).
DOCS_SITE_CLIENT = "docs-site"
# Development only (docs/contracts.md, Signals): any deployment sets RAG_SIGNALS_SECRET.
DEV_SIGNALS_SECRET = "dev-only-signals-secret-change-me"


class RagSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="ignore")

    # Keycloak's PostgreSQL database; the backend keeps to its own schema in it (see query_log.py).
    database_url: SecretStr
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["http://localhost:3000"])
    max_query_chars: int = Field(default=2000, ge=1)
    # Bytes of a request body, counted as they arrive: more is refused with 413 before the rest is read (a
    # Content-Length over it before any is read). A question of 2,000 characters is at most 12 KB of JSON.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # /openapi.json, /docs and /redoc: off unless asked for, so that the API run alone shows no map of itself.
    openapi_enabled: bool = False
    # /metrics (Prometheus text): off unless asked for; where on, reach it from the internal network only (the
    # compose proxy forwards /api/ alone).
    metrics_enabled: bool = False
    # The push credential Keycloak sends with each Security Event Token to POST /api/security-events (RFC 8935),
    # the same secret as the receiver's in Keycloak's SPI option. DEVELOPMENT DEFAULT ONLY: set your own.
    signals_secret: SecretStr = SecretStr(DEV_SIGNALS_SECRET)
    # Questions per reader (the token's sub), every API process together: the `limits` notation, windows separated
    # by ";" (docs/contracts.md, "Abuse"). Counted in this database's schema `rag` (docs_auth.quota).
    query_quota: str = "30/10 minutes; 300/day"
    # Data exports per reader (GET /api/me/export), every API process together, the same notation: an export reads
    # every row of the reader, so it is counted apart from the questions (docs_auth.quota, table rag.quota_export).
    export_quota: str = "10/hour; 30/day"
    # Days a logged question is kept (docs/contracts.md, "Data rights"); older rows are deleted by the purge that
    # runs at start and every `retention_interval_seconds`.
    retention_days: int = Field(default=180, ge=1)
    retention_interval_seconds: float = Field(default=3600, gt=0)

    @field_validator("query_quota", "export_quota")
    @classmethod
    def _quota(cls, value: str) -> str:
        parse_quota(value)  # QuotaSettingError (a ValueError): the app does not start
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value


class RagAuthSettings(AuthSettings):
    """The adapter's ``DOCS_AUTH_*`` settings with this API's own defaults: tokens issued to the docs site alone
    (``azp`` ``docs-site``, OpenID Connect Core §2), and readers whose e-mail address is verified (403
    ``insufficient_scope`` otherwise). ``DOCS_AUTH_ALLOWED_AZP`` and ``DOCS_AUTH_REQUIRE_VERIFIED_EMAIL=false``
    override them."""

    allowed_azp: Annotated[list[str], NoDecode] = Field(default_factory=lambda: [DOCS_SITE_CLIENT])
    require_verified_email: bool = True
