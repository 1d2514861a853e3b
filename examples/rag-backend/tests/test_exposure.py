"""What the example API shows and takes before any token is checked (issue 22, finding 8): a bounded body, no
OpenAPI pages nor /metrics unless enabled, tokens of the docs site alone. No stack needed: no lifespan is run."""

import asyncio

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import ASGIApp, Message

from docs_auth import AuthSettings
from rag_backend.app import create_app
from rag_backend.settings import RagAuthSettings, RagSettings

DATABASE = "postgresql://rag:rag@127.0.0.1:1/none"  # never reached: no lifespan runs


def app_with(**settings: object) -> FastAPI:
    return create_app(RagSettings(database_url=DATABASE, **settings), AuthSettings())


@pytest.fixture
def client() -> TestClient:
    return TestClient(app_with(max_body_bytes=4096))  # not entered: the lifespan (database, keys) never runs


async def stream(app: ASGIApp, chunks: int, size: int) -> tuple[int, int]:
    """POST /api/query to ``app`` as a server hands on a chunked body (no Content-Length), one ``http.request``
    message per chunk: (the status answered, the chunks the app pulled)."""
    pulled, answer = 0, []

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b" " * size, "more_body": pulled < chunks}

    async def send(message: Message) -> None:
        answer.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/query", "raw_path": b"/api/query", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"api"), (b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    await app(scope, receive, send)
    return answer[0]["status"], pulled


def test_a_body_over_the_limit_is_413_before_it_is_read_and_before_the_token(client: TestClient) -> None:
    # No token: without the limit this body is read whole and the answer is a 401.
    r = client.post("/api/query", content=b'{"query": "' + b"x" * 20_000 + b'"}',
                    headers={"Content-Type": "application/json"})

    assert r.status_code == 413


def test_a_streamed_body_is_cut_off_at_the_limit() -> None:
    status, pulled = asyncio.run(stream(app_with(max_body_bytes=4096), chunks=1000, size=1024))  # 1 MB

    assert status == 413
    assert pulled == 5  # up to the chunk that crossed 4 KB; the rest of the megabyte was never pulled


def test_a_body_over_the_limit_on_a_route_that_reads_none_is_413_too(client: TestClient) -> None:
    r = client.request("GET", "/api/me", content=b"x" * 8192)

    assert r.status_code == 413


def test_a_question_of_the_longest_kind_fits_the_default_limit() -> None:
    # 2,000 characters that JSON escapes to six bytes each (\u001f): the largest valid question, as bytes.
    body = ('{"query": "' + "\\u001f" * 1999 + 'x"}').encode()
    limit = RagSettings(database_url=DATABASE).max_body_bytes
    assert len(body) < limit
    r = TestClient(app_with()).post("/api/query", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 401  # read, then refused for want of a token


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect", "/metrics"])
def test_the_api_alone_serves_no_openapi_pages_and_no_metrics(path: str) -> None:
    assert TestClient(app_with()).get(path).status_code == 404


def test_openapi_and_metrics_are_served_where_enabled() -> None:
    client = TestClient(app_with(openapi_enabled=True, metrics_enabled=True))

    assert client.get("/openapi.json").json()["paths"]["/api/query"]["post"]["responses"]["413"]
    assert client.get("/docs").status_code == 200
    assert "docs_auth_token_validations_total" in client.get("/metrics").text


def test_the_api_takes_tokens_of_the_docs_site_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCS_AUTH_ALLOWED_AZP", raising=False)
    assert RagAuthSettings().allowed_azp == ["docs-site"]
    monkeypatch.setenv("DOCS_AUTH_ALLOWED_AZP", "docs-site,docs-cli")
    assert RagAuthSettings().allowed_azp == ["docs-site", "docs-cli"]


def test_create_app_checks_azp_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCS_AUTH_ALLOWED_AZP", raising=False)
    app = create_app(RagSettings(database_url=DATABASE))
    assert app.state.validator.settings.allowed_azp == ["docs-site"]
