"""The question quota (RAG_QUERY_QUOTA) of the example API, across two API processes on one real PostgreSQL.

Each test starts the example API twice (uvicorn, as scripts/stack.py starts it) on the test stack's Keycloak and
database, on ports of their own, with the quota it needs; the readers sign up through Keycloak's hosted pages.
A token without `sub` is refused in the unit tests (tests/unit/test_quota.py): Keycloak 26.7 puts `sub` in every
token it issues, a service account's too, even from a client without the `basic` scope.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from docs_testkit.keycloak_reader import Reader

UVICORN = Path(sys.executable).with_name("uvicorn")
QUESTION = {"query": "How do access tokens expire?"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Api:
    """One process of the example API."""

    def __init__(self, keycloak_url: str, database_url: str, log: Path, **env: str) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}"
        self.log = log
        environment = {**os.environ, "RAG_DATABASE_URL": database_url,
                       "DOCS_AUTH_ISSUER": f"{keycloak_url}/realms/docs", **env}
        with open(log, "w") as out:
            self.proc = subprocess.Popen(
                [str(UVICORN), "--factory", "rag_backend.app:create_app", "--host", "127.0.0.1",
                 "--port", self.url.rsplit(":", 1)[1], "--no-access-log"],
                stdout=out, stderr=subprocess.STDOUT, env=environment, start_new_session=True)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the API exited: {self.log.read_text()[-2000:]}"
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"the API did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def ask(self, token: str) -> httpx.Response:
        return httpx.post(f"{self.url}/api/query", json=QUESTION, headers={"Authorization": f"Bearer {token}"},
                          timeout=30)


@pytest.fixture
def apis(keycloak_url: str, rag_database_url: str, tmp_path: Path) -> Iterator[Callable[..., list[Api]]]:
    """Starts `count` processes of the example API with the environment given; stops them afterwards."""
    started: list[Api] = []

    def start(count: int = 2, **env: str) -> list[Api]:
        batch = [Api(keycloak_url, rag_database_url, tmp_path / f"api-{len(started) + i}.log", **env)
                 for i in range(count)]
        started.extend(batch)
        for api in batch:
            api.wait_ready()
        return batch

    yield start
    for api in started:
        api.stop()


@pytest.fixture
def reader_token(keycloak_url: str) -> Iterator[Callable[[], str]]:
    """A new reader's access token each call (signed up through the hosted pages)."""
    readers: list[Reader] = []

    def token() -> str:
        reader = Reader(keycloak_url)
        readers.append(reader)
        return reader.sign_up(experienceLevel="beginner", professionalRole="student").access_token

    yield token
    for reader in readers:
        reader.close()


def test_the_31st_question_in_ten_minutes_is_refused_whichever_process_takes_it(apis, reader_token) -> None:  # type: ignore[no-untyped-def]
    one, two = apis(RAG_QUERY_QUOTA="30/10 minutes; 300/day")  # the default, said aloud
    ada, grace = reader_token(), reader_token()

    answers = [(one if i % 2 else two).ask(ada).status_code for i in range(30)]
    assert answers == [200] * 30
    refused = [one.ask(ada), two.ask(ada)]

    for r in refused:
        assert r.status_code == 429, r.text
        # The first question leaves the 10-minute window about 600 s after it was asked.
        assert 1 <= int(r.headers["Retry-After"]) <= 601
        assert r.json() == {"detail": {
            "error": "too_many_requests",
            "error_description": "Too many requests in a short time; try again after Retry-After seconds"}}
    assert one.ask(grace).status_code == 200  # another reader has a quota of their own
    assert two.ask(grace).status_code == 200


def test_the_day_limit_holds_when_the_short_window_has_room(apis, reader_token) -> None:  # type: ignore[no-untyped-def]
    one, two = apis(RAG_QUERY_QUOTA="2/5 seconds; 3/day")
    ada = reader_token()

    assert [one.ask(ada).status_code, two.ask(ada).status_code] == [200, 200]
    short = one.ask(ada)
    assert short.status_code == 429 and 1 <= int(short.headers["Retry-After"]) <= 6
    time.sleep(int(short.headers["Retry-After"]) + 0.2)  # the short window has room again
    assert two.ask(ada).status_code == 200
    day = one.ask(ada)
    assert day.status_code == 429
    assert 86_000 <= int(day.headers["Retry-After"]) <= 86_400


def test_the_429_and_its_header_reach_the_docs_site(apis, reader_token) -> None:  # type: ignore[no-untyped-def]
    (api,) = apis(1, RAG_QUERY_QUOTA="1/minute", RAG_CORS_ORIGINS="http://docs.example")
    token = reader_token()
    api.ask(token)

    r = httpx.post(f"{api.url}/api/query", json=QUESTION, timeout=30,
                   headers={"Authorization": f"Bearer {token}", "Origin": "http://docs.example"})

    assert r.status_code == 429
    # A page's script reads Retry-After only if CORS exposes it (it is not a safelisted response header).
    assert "retry-after" in r.headers["access-control-expose-headers"].lower()


@pytest.mark.parametrize(("quota", "says"), [
    ("lots", "'lots' is not a quota like '30/10 minutes; 300/day'"),
    ("30/minute; 20/hour", "each longer window must allow more requests"),
])
def test_a_bad_setting_stops_the_api_at_start_with_what_is_expected(keycloak_url: str, rag_database_url: str,
                                                                     tmp_path: Path, quota: str, says: str) -> None:
    api = Api(keycloak_url, rag_database_url, tmp_path / "api.log", RAG_QUERY_QUOTA=quota)
    try:
        assert api.proc.wait(60) != 0
    finally:
        api.stop()
    output = api.log.read_text()
    assert "query_quota" in output and says in output, output[-2000:]
