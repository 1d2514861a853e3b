"""Integration tests against the running stack of `make test` (Keycloak, PostgreSQL, the example backend).

scripts/test.sh exports KEYCLOAK_URL, RAG_BACKEND_URL and RAG_DATABASE_URL; missing ones are an error, not a
skip: these tests must never pass by not running.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "testing"))  # the shared test helpers
import secrets_seen  # noqa: E402
from keycloak_reader import Reader  # noqa: E402


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through `make test` (scripts/test.sh)", pytrace=False)
    return value


@pytest.fixture(scope="session")
def keycloak_url() -> str:
    return _env("KEYCLOAK_URL").rstrip("/")


@pytest.fixture(scope="session")
def backend_url() -> str:
    return _env("RAG_BACKEND_URL").rstrip("/")


@pytest.fixture(scope="session")
def rag_database_url() -> str:
    return _env("RAG_DATABASE_URL")


def admin_client(keycloak_url: str) -> httpx.Client:
    """An admin API client of the docs realm (development admin of the test stack), on a new admin token: the
    master realm's tokens live a minute, so a test that runs longer makes one per step."""
    r = httpx.post(f"{keycloak_url}/realms/master/protocol/openid-connect/token", data={
        "grant_type": "password", "client_id": "admin-cli", "username": "admin", "password": "admin"})
    r.raise_for_status()
    secrets_seen.response(r)
    return httpx.Client(base_url=f"{keycloak_url}/admin/realms/docs", timeout=30,
                        headers={"Authorization": f"Bearer {r.json()['access_token']}"})


@pytest.fixture(scope="session")
def admin(keycloak_url: str) -> Iterator[httpx.Client]:
    with admin_client(keycloak_url) as client:
        yield client


@pytest.fixture
def reader(keycloak_url: str) -> Iterator[Reader]:
    r = Reader(keycloak_url)
    yield r
    r.close()


@pytest.fixture
def backend(backend_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=backend_url, timeout=30) as client:
        yield client

