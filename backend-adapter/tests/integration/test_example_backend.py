"""A reader signed up through the hosted form calls the example backend with a token from the code flow."""

from __future__ import annotations

import httpx
import psycopg
import pytest

from docs_testkit.keycloak_reader import DOCS_SITE_ORIGIN, Reader


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_me_returns_the_background_given_at_sign_up(reader: Reader, backend: httpx.Client) -> None:
    tokens = reader.sign_up(experienceLevel="beginner", professionalRole="other",
                            roleOther="Technical writer", organization="Docs Guild")

    me = backend.get("/api/me", headers=bearer(tokens.access_token))

    assert me.status_code == 200, me.text
    body = me.json()
    assert body["email"] == reader.email
    assert body["name"] == "Ada Reader"
    assert (body["experience_level"], body["professional_role"]) == ("beginner", "other")
    assert (body["role_other"], body["organization"]) == ("Technical writer", "Docs Guild")
    assert body["questions_asked"] == 0


def test_absent_optional_claims_are_null(reader: Reader, backend: httpx.Client) -> None:
    tokens = reader.sign_up(experienceLevel="advanced", professionalRole="researcher")

    body = backend.get("/api/me", headers=bearer(tokens.access_token)).json()

    assert body["professional_role"] == "researcher"
    assert body["role_other"] is None and body["organization"] is None


def test_the_answer_follows_the_experience_level_and_each_query_is_counted(
        keycloak_url: str, backend: httpx.Client) -> None:
    answers = {}
    for level in ("beginner", "advanced"):
        reader = Reader(keycloak_url)
        tokens = reader.sign_up(experienceLevel=level, professionalRole="student")
        for _ in range(2):
            r = backend.post("/api/query", json={"query": "How do access tokens expire?"},
                             headers=bearer(tokens.access_token))
            assert r.status_code == 200, r.text
        answers[level] = r.json()
        assert backend.get("/api/me", headers=bearer(tokens.access_token)).json()["questions_asked"] == 2
        reader.close()

    assert answers["beginner"]["experience_level"] == "beginner"
    assert answers["advanced"]["experience_level"] == "advanced"
    assert answers["beginner"]["answer"] != answers["advanced"]["answer"]
    assert "Internals:" in answers["advanced"]["answer"] and "1. " in answers["beginner"]["answer"]
    assert answers["beginner"]["sources"] == [{"title": "Access tokens", "path": "/docs/tokens"}]


@pytest.mark.parametrize("body, problem", [
    ({}, "missing"),
    ({"query": ""}, "string_too_short"),
    ({"query": "   "}, "string_pattern_mismatch"),  # the OpenAPI document says it: pattern \S
    ({"query": "\x1c\x1f"}, "value_error"),  # spaces to Python's str.strip, not to the regex
    ({"query": "x" * 2001}, "string_too_long"),
    ({"query": ["not", "text"]}, "string_type"),
])
def test_a_bad_question_gets_a_specific_422(reader: Reader, backend: httpx.Client, body: object,
                                            problem: str) -> None:
    tokens = reader.sign_up(experienceLevel="intermediate", professionalRole="educator")

    r = backend.post("/api/query", json=body, headers=bearer(tokens.access_token))

    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == problem


def test_markup_in_a_question_is_never_echoed(reader: Reader, backend: httpx.Client) -> None:
    tokens = reader.sign_up(experienceLevel="intermediate", professionalRole="educator")

    r = backend.post("/api/query", json={"query": "<script>alert(1)</script> tokens?"},
                     headers=bearer(tokens.access_token))

    assert r.status_code == 200 and "<script>" not in r.text


def test_queries_are_kept_in_the_backends_own_schema_and_keycloaks_tables_are_out_of_reach(
        reader: Reader, backend: httpx.Client, rag_database_url: str) -> None:
    tokens = reader.sign_up(experienceLevel="advanced", professionalRole="hobbyist")
    sub = backend.get("/api/me", headers=bearer(tokens.access_token)).json()["sub"]
    backend.post("/api/query", json={"query": "sign in"}, headers=bearer(tokens.access_token))

    with psycopg.connect(rag_database_url) as conn:
        rows = conn.execute("SELECT experience_level, asked_at FROM rag.queries WHERE sub = %s", (sub,)).fetchall()
        assert [level for level, _ in rows] == ["advanced"]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM public.user_entity")


def test_cors_lets_the_docs_site_send_a_bearer_token(backend: httpx.Client) -> None:
    r = backend.options("/api/query", headers={
        "Origin": DOCS_SITE_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})

    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == DOCS_SITE_ORIGIN
    assert "authorization" in r.headers["access-control-allow-headers"].lower()


def test_cors_refuses_another_origin(backend: httpx.Client) -> None:
    r = backend.options("/api/query", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})

    assert r.status_code == 400
    assert "access-control-allow-origin" not in r.headers


def test_health_needs_no_token(backend: httpx.Client) -> None:
    assert backend.get("/api/health").json() == {"status": "ok"}
