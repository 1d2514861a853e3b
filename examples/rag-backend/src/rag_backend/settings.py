"""Settings of the example backend (``RAG_*`` environment variables); the token checks read ``DOCS_AUTH_*``."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from docs_auth import AuthSettings


class RagSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="ignore")

    # Keycloak's PostgreSQL database; the backend keeps to its own schema in it (see query_log.py).
    database_url: SecretStr
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["http://localhost:3000"])
    max_query_chars: int = Field(default=2000, ge=1)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        return value


class RagAuthSettings(AuthSettings):
    """The adapter's token checks (``DOCS_AUTH_*``), with one default of the chatbot's own: it answers readers
    whose e-mail address is verified (403 ``insufficient_scope`` otherwise). ``DOCS_AUTH_REQUIRE_VERIFIED_EMAIL=false``
    turns it off."""

    require_verified_email: bool = True
