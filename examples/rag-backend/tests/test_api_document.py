"""The example API's OpenAPI document lists every status it answers, and it answers no other (no stack needed)."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from docs_auth import AuthSettings
from rag_backend.app import create_app
from rag_backend.settings import RagSettings


@pytest.fixture
def app() -> FastAPI:
    # No lifespan is run: no database and no Keycloak are reached.
    return create_app(RagSettings(database_url="postgresql://rag:rag@127.0.0.1:1/none"), AuthSettings())


def test_the_token_errors_are_documented_on_the_operations_that_need_a_token(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    for path, method in (("/api/me", "get"), ("/api/query", "post")):
        responses = paths[path][method]["responses"]
        assert responses["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/BearerError"}
        assert set(responses) >= {"200", "400", "401", "503"}
    assert set(paths["/api/health"]["get"]["responses"]) == {"200"}


def test_a_blank_question_is_refused_by_the_document_too(app: FastAPI) -> None:
    query = app.openapi()["components"]["schemas"]["Query"]["properties"]["query"]
    assert (query["minLength"], query["maxLength"], query["pattern"]) == (1, 2000, r"\S")


@pytest.mark.parametrize("body", [b'{"query": "\xff"}', b"[" * 10_000 + b"]" * 10_000])
def test_a_body_that_is_not_json_is_the_documented_422_before_any_token_check(app: FastAPI, body: bytes) -> None:
    # 10,000 levels are far past Python's recursion limit (1,000) and 20 KB, within the body limit (64 KB).
    response = TestClient(app).post("/api/query", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"
    assert "422" in app.openapi()["paths"]["/api/query"]["post"]["responses"]


def test_the_chatbot_answers_verified_readers_only_and_documents_the_403() -> None:
    app = create_app(RagSettings(database_url="postgresql://rag:rag@127.0.0.1:1/none"))
    assert app.state.validator.settings.require_verified_email is True
    paths = app.openapi()["paths"]
    for path, method in (("/api/me", "get"), ("/api/query", "post")):
        examples = paths[path][method]["responses"]["403"]["content"]["application/json"]["examples"]
        assert examples["email_unverified"]["value"]["detail"]["error"] == "insufficient_scope"


def test_an_operator_may_turn_the_requirement_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCS_AUTH_REQUIRE_VERIFIED_EMAIL", "false")
    app = create_app(RagSettings(database_url="postgresql://rag:rag@127.0.0.1:1/none"))
    assert app.state.validator.settings.require_verified_email is False
    assert "403" not in app.openapi()["paths"]["/api/query"]["post"]["responses"]


def test_the_quota_s_429_is_documented_on_the_question_alone(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    refusal = paths["/api/query"]["post"]["responses"]["429"]
    assert refusal["headers"]["Retry-After"]["required"] is True
    assert refusal["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/QuotaError"}
    assert "429" not in paths["/api/me"]["get"]["responses"]


def test_the_quota_setting_is_read_and_a_bad_one_refused() -> None:
    assert RagSettings(database_url="postgresql://x@h/db").query_quota == "30/10 minutes; 300/day"
    assert RagSettings(database_url="postgresql://x@h/db", query_quota="5/minute").query_quota == "5/minute"
    with pytest.raises(ValueError, match=r"query_quota\n.*'5 a minute' is not a quota like"):
        RagSettings(database_url="postgresql://x@h/db", query_quota="5 a minute")
