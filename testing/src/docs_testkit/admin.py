"""Keycloak's admin REST API as the master realm's development admin, for tests and benchmarks on a stack of
scripts/stack.py.

The credentials come from one place: the variables the launcher hands Keycloak for its bootstrap admin,
``KC_BOOTSTRAP_ADMIN_USERNAME`` and ``KC_BOOTSTRAP_ADMIN_PASSWORD``, and where they are not set the launcher's
development default (``stack.DEV_ADMIN``, admin/admin: development only, never a deployment's).

    with admin_client("http://localhost:8080") as admin:      # base URL: /admin/realms/docs
        admin.post("/users", json={...})
"""

from __future__ import annotations

import os
from collections.abc import Generator

import httpx
import stack

from docs_testkit import secrets_seen

ADMIN_CLIENT_ID = "admin-cli"  # Keycloak's own public client of the master realm


def credentials() -> tuple[str, str]:
    """(username, password) of the development admin: the environment's KC_BOOTSTRAP_ADMIN_USERNAME and
    KC_BOOTSTRAP_ADMIN_PASSWORD, each defaulting to the launcher's stack.DEV_ADMIN."""
    return (os.environ.get("KC_BOOTSTRAP_ADMIN_USERNAME") or stack.DEV_ADMIN[0],
            os.environ.get("KC_BOOTSTRAP_ADMIN_PASSWORD") or stack.DEV_ADMIN[1])


def password_grant() -> dict[str, str]:
    """The form of the development admin's token request at the master realm's token endpoint (RFC 6749 §4.3,
    resource owner password credentials, client ``admin-cli``)."""
    username, password = credentials()
    return {"grant_type": "password", "client_id": ADMIN_CLIENT_ID, "username": username, "password": password}


def admin_token(keycloak_url: str) -> str:
    """A new access token of the development admin (master realm; Keycloak gives it a minute). ``keycloak_url``:
    Keycloak's base URL. Raises httpx.HTTPStatusError when Keycloak refuses (wrong credentials: 401)."""
    r = httpx.post(f"{keycloak_url}/realms/master/protocol/openid-connect/token", data=password_grant(), timeout=60)
    r.raise_for_status()
    secrets_seen.response(r)
    token: str = r.json()["access_token"]
    return token


def api_client(keycloak_url: str, access_token: str, realm: str = "docs") -> httpx.Client:
    """An HTTP client of ``realm``'s admin REST API (base URL ``{keycloak_url}/admin/realms/{realm}``) that sends
    ``access_token`` (any token the admin API accepts: the development admin's, a service account's)."""
    return httpx.Client(base_url=f"{keycloak_url}/admin/realms/{realm}", timeout=30,
                        headers={"Authorization": f"Bearer {access_token}"})


class AdminAuth(httpx.Auth):
    """httpx authentication as the development admin (RFC 6750 bearer token): a token on the first request, and a
    new one, the request sent again once, when Keycloak answers 401 (the master realm's tokens live a minute, and
    end with the admin's session)."""

    def __init__(self, keycloak_url: str) -> None:
        self.keycloak_url = keycloak_url
        self.token: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.token is None:
            self.token = admin_token(self.keycloak_url)
        request.headers["Authorization"] = f"Bearer {self.token}"
        response = yield request
        if response.status_code == 401:
            self.token = admin_token(self.keycloak_url)
            request.headers["Authorization"] = f"Bearer {self.token}"
            yield request


def admin_client(keycloak_url: str, realm: str = "docs") -> httpx.Client:
    """``realm``'s admin REST API as the development admin, for as long as the caller needs it (AdminAuth renews
    the token)."""
    return httpx.Client(base_url=f"{keycloak_url}/admin/realms/{realm}", timeout=30, auth=AdminAuth(keycloak_url))
