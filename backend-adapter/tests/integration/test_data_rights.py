"""Issue 18 on the real stack: the chatbot API's part of a reader's data (export, deletion with the account,
generic answers without background claims).

- ``GET /api/me/export`` answers the caller's own rows, valid against docs/data-export-chatbot.schema.json (loaded
  from the repository, formats checked), nothing of another reader, no token; it is rate-limited (429).
- An admin deleting the reader in Keycloak (the admin REST API) makes Keycloak push an account-purged SET, and the
  API deletes every row about the reader in schema ``rag`` (questions, both quotas' counts).
- The same with the API stopped (SIGSTOP, the stack's own process) at the moment of deletion: the rows stay while
  it is stopped, Keycloak's outbox keeps the delivery, and the rows go once the API runs again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import httpx
import psycopg
import pytest
from jsonschema import Draft202012Validator

from docs_auth.quota import parse_quota
from docs_testkit.admin import admin_client
from docs_testkit.keycloak_reader import Reader
from rag_backend.settings import RagSettings

from .test_security_events_end_to_end import api_pid, bearer, outbox_attempts, stopped, subject, wait_for_a_failed_push

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "data-export-chatbot.schema.json"
# A bound on waiting for Keycloak's push, so that a SET never sent fails the test instead of hanging it.
GIVE_UP_SECONDS = 60.0


@pytest.fixture(scope="module")
def export_schema() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def rows_about(rag_database_url: str, sub: str) -> dict[str, int]:
    """Every row about the reader in schema rag: the question log and each quota's table."""
    with psycopg.connect(rag_database_url) as conn:
        return {name: conn.execute(f"SELECT count(*) FROM rag.{table} WHERE sub = %s", (sub,)).fetchone()[0]
                for name, table in (("queries", "queries"), ("quota", "quota_request"), ("export", "quota_export"))}


def wait_until_no_rows(rag_database_url: str, sub: str) -> float:
    start = time.monotonic()
    while any(rows_about(rag_database_url, sub).values()):
        if time.monotonic() - start > GIVE_UP_SECONDS:
            raise AssertionError(f"rows about the deleted reader remain: {rows_about(rag_database_url, sub)}")
        time.sleep(0.1)
    return time.monotonic() - start


def reader_with_rows(reader: Reader, backend: httpx.Client, rag_database_url: str) -> str:
    tokens = reader.sign_up(experienceLevel="beginner", professionalRole="student")
    for _ in range(2):
        assert backend.post("/api/query", json={"query": "tokens"}, headers=bearer(tokens.access_token)).is_success
    assert backend.get("/api/me/export", headers=bearer(tokens.access_token)).status_code == 200
    sub = subject(tokens.access_token)
    assert rows_about(rag_database_url, sub) == {"queries": 2, "quota": 2, "export": 1}
    return sub


def delete_in_keycloak(keycloak_url: str, sub: str) -> None:
    with admin_client(keycloak_url) as admin:
        admin.delete(f"/users/{sub}").raise_for_status()


# ----------------------------------------------------------------------------------------- answers, consent
def test_without_consent_the_token_has_no_background_and_the_answer_is_generic(
        reader: Reader, backend: httpx.Client) -> None:
    tokens = reader.sign_up(experienceLevel="beginner", professionalRole="student", personalizationConsent=None)

    r = backend.post("/api/query", json={"query": "How do access tokens expire?"}, headers=bearer(tokens.access_token))

    assert r.status_code == 200, r.text
    assert r.json()["experience_level"] is None
    assert "Here is how: 1." not in r.json()["answer"]
    assert backend.get("/api/me/export", headers=bearer(tokens.access_token)).json()["questions"][0][
        "experience_level"] is None


# ------------------------------------------------------------------------------------------------- the export
def test_the_export_holds_the_readers_questions_and_counts_and_validates_against_the_schema(
        reader: Reader, keycloak_url: str, backend: httpx.Client, export_schema: Draft202012Validator) -> None:
    tokens = reader.sign_up(experienceLevel="advanced", professionalRole="researcher")
    for query in ("How do tokens expire?", "How do I sign in?"):
        assert backend.post("/api/query", json={"query": query}, headers=bearer(tokens.access_token)).is_success
    other = Reader(keycloak_url)
    other_tokens = other.sign_up(experienceLevel="beginner", professionalRole="student")
    assert backend.post("/api/query", json={"query": "x"}, headers=bearer(other_tokens.access_token)).is_success
    other.close()

    r = backend.get("/api/me/export", headers=bearer(tokens.access_token))

    assert r.status_code == 200, r.text
    body = r.json()
    errors = [e.message for e in export_schema.iter_errors(body)]
    assert errors == []
    assert body["format"] == "docs-chatbot-export/1" and body["retention_days"] == 180
    assert body["sub"] == subject(tokens.access_token)
    assert [q["experience_level"] for q in body["questions"]] == ["advanced", "advanced"]
    assert len(body["quota"]["questions"]) == 2 and len(body["quota"]["exports"]) == 1  # this export counts
    # nothing of the other reader, no token, no question text
    assert subject(other_tokens.access_token) not in r.text
    assert tokens.access_token not in r.text and "expire" not in r.text


def test_the_schema_refuses_what_the_export_must_not_hold(export_schema: Draft202012Validator) -> None:
    """The schema can fail: a field outside it (a token), a level outside the set, a time that is not RFC 3339."""
    good = {"format": "docs-chatbot-export/1", "sub": "s", "exported_at": "2026-11-30T05:00:00Z", "retention_days": 180,
            "questions": [{"asked_at": "2026-11-30T05:00:00Z", "experience_level": None}],
            "quota": {"questions": [], "exports": []}}
    assert export_schema.is_valid(good)
    assert not export_schema.is_valid({**good, "access_token": "x"})
    assert not export_schema.is_valid({**good, "questions": [{"asked_at": "yesterday", "experience_level": None}]})
    assert not export_schema.is_valid({**good, "questions": [{"asked_at": "2026-11-30T05:00:00Z",
                                                              "experience_level": "wizard"}]})


def test_the_export_needs_the_readers_token(backend: httpx.Client) -> None:
    r = backend.get("/api/me/export")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith('Bearer realm="docs"')


def test_the_export_is_rate_limited_per_reader(reader: Reader, backend: httpx.Client) -> None:
    tokens = reader.sign_up(experienceLevel="beginner", professionalRole="student")
    # The stack's setting (scripts/test.sh sets it; the API's default otherwise): its shortest window's amount.
    setting = os.environ.get("RAG_EXPORT_QUOTA", RagSettings.model_fields["export_quota"].default)
    allowed = parse_quota(setting)[0].limit
    statuses = [backend.get("/api/me/export", headers=bearer(tokens.access_token)).status_code
                for _ in range(allowed + 1)]
    assert statuses == [200] * allowed + [429]
    refused = backend.get("/api/me/export", headers=bearer(tokens.access_token))
    assert refused.json()["detail"]["error"] == "too_many_requests"
    assert 1 <= int(refused.headers["retry-after"]) <= 3600


# ----------------------------------------------------------------------------------------------- the deletion
def test_an_admins_deletion_deletes_every_row_about_the_reader_in_schema_rag(
        reader: Reader, keycloak_url: str, backend: httpx.Client, rag_database_url: str) -> None:
    sub = reader_with_rows(reader, backend, rag_database_url)
    others = Reader(keycloak_url)
    other_sub = reader_with_rows(others, backend, rag_database_url)
    others.close()

    delete_in_keycloak(keycloak_url, sub)

    print(f"\n[data rights] deletion -> rag rows gone: {wait_until_no_rows(rag_database_url, sub) * 1000:.0f} ms")
    assert rows_about(rag_database_url, other_sub) == {"queries": 2, "quota": 2, "export": 1}


def test_a_deletion_while_the_api_is_stopped_deletes_the_rows_once_it_runs_again(
        reader: Reader, keycloak_url: str, backend: httpx.Client, backend_url: str, rag_database_url: str) -> None:
    sub = reader_with_rows(reader, backend, rag_database_url)
    pid = api_pid(backend_url)

    with stopped(pid):
        delete_in_keycloak(keycloak_url, sub)
        wait_for_a_failed_push(sub)  # the push timed out (timeout-ms 5 s): the SET waits in the outbox
        assert rows_about(rag_database_url, sub) == {"queries": 2, "quota": 2, "export": 1}

    print(f"\n[data rights] API back -> rag rows gone: {wait_until_no_rows(rag_database_url, sub) * 1000:.0f} ms")
    start = time.monotonic()
    while outbox_attempts(sub):  # delivered: Keycloak deletes the row once the API answered 202
        assert time.monotonic() - start < GIVE_UP_SECONDS, "the delivery stays in Keycloak's outbox"
        time.sleep(0.5)
