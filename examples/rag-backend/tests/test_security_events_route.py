"""Where Keycloak pushes Security Event Tokens in the example API (docs/contracts.md, Signals): the route, its push
credential from RAG_SIGNALS_SECRET with a development default, and its absence from the OpenAPI document. No stack
needed: no lifespan is run; what a SET does is tested in backend-adapter/tests (unit, and integration on the
test stack's database)."""

import pytest
from fastapi.testclient import TestClient

from docs_auth import AuthSettings
from rag_backend.app import create_app
from rag_backend.settings import DEV_SIGNALS_SECRET, RagSettings

DATABASE = "postgresql://rag:rag@127.0.0.1:1/none"  # never reached: no lifespan runs
PATH = "/api/security-events"


def push(client: TestClient, secret: str) -> tuple[int, dict[str, str]]:
    r = client.post(PATH, content=b"x", headers={"Authorization": f"Bearer {secret}", "Content-Type": "text/plain"})
    return r.status_code, r.json()


def test_the_receiver_takes_the_development_secret_by_default() -> None:
    client = TestClient(create_app(RagSettings(database_url=DATABASE), AuthSettings()))
    # The credential passes; the body is then refused for its media type (415): the route is ours, mounted.
    assert push(client, DEV_SIGNALS_SECRET)[0] == 415
    assert push(client, "another-secret") == (
        401, {"err": "authentication_failed", "description": "The push credential is not valid"})


def test_the_receiver_takes_its_secret_from_rag_signals_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_SIGNALS_SECRET", "from-the-environment")
    client = TestClient(create_app(RagSettings(database_url=DATABASE), AuthSettings()))
    assert push(client, "from-the-environment")[0] == 415
    assert push(client, DEV_SIGNALS_SECRET)[0] == 401


def test_the_receiver_is_not_in_the_openapi_document() -> None:
    client = TestClient(create_app(RagSettings(database_url=DATABASE, openapi_enabled=True), AuthSettings()))
    assert PATH not in client.get("/openapi.json").json()["paths"]
