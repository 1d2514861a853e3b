"""OpenID Provider metadata from ``<issuer>/.well-known/openid-configuration``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from ._http import FetchError, request_json
from .settings import AuthSettings

log = logging.getLogger("docs_auth")


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    jwks_uri: str
    introspection_endpoint: str | None


def _http_url(value: object) -> str | None:
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value
    return None


async def fetch_metadata(settings: AuthSettings, client: httpx.AsyncClient | None) -> ProviderMetadata:
    """Fetch and check the discovery document; raise ``FetchError`` if unusable."""
    doc = await request_json(client, "GET", settings.effective_discovery_url, timeout=settings.http_timeout_seconds)
    issuer = doc.get("issuer")
    # OIDC Discovery §4.3; skipped when the URL was overridden for split-horizon DNS,
    # where Keycloak may report the host name the backend used.
    if settings.discovery_url is None and issuer != settings.issuer:
        log.error("discovery issuer %r differs from configured issuer %r", issuer, settings.issuer)
        raise FetchError("discovery issuer mismatch")
    jwks_uri = _http_url(doc.get("jwks_uri"))
    if jwks_uri is None:
        raise FetchError("discovery document has no http(s) jwks_uri")
    return ProviderMetadata(
        issuer=str(issuer),
        jwks_uri=jwks_uri,
        introspection_endpoint=_http_url(doc.get("introspection_endpoint")),
    )
