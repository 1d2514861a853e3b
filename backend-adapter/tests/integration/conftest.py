"""Integration tests against the running stack of `make test` (Keycloak, PostgreSQL, the example backend).

scripts/test.sh exports KEYCLOAK_URL, RAG_BACKEND_URL and RAG_DATABASE_URL; missing ones are an error, not a
skip: these tests must never pass by not running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from docs_testkit.admin import admin_client
from docs_testkit.keycloak_reader import Reader


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


@pytest.fixture(scope="session")
def admin(keycloak_url: str) -> Iterator[httpx.Client]:
    """The docs realm's admin API as the development admin, for the session (docs_testkit.admin: it renews its
    token when Keycloak refuses it)."""
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

