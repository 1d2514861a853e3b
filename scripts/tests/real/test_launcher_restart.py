"""The launcher on the real services (make build, make py-env and make site first; about 3 minutes): a stack
started, given a reader, stopped with `down`, started again on the same data folder with `run` keeps the reader; Ctrl-C
on `run` (SIGINT to its foreground process group) and `down` leave no process of that data folder.

Then issue 17's signals survive a crash: a signal committed while its receiver was down, Keycloak killed with SIGKILL
right after, is pushed once the stack is up again.

Its own ports (free ones) and its own data folder, so it runs beside nothing else of the tests; scripts/test.sh runs it
after the test stack has stopped (they share the Keycloak distribution).
"""
from __future__ import annotations

import base64
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docs_testkit import secrets_seen
from docs_testkit.admin import admin_client
from docs_testkit.processes import free_port, processes_of, wait_until

ROOT = Path(__file__).resolve().parents[3]
STACK = ROOT / "scripts" / "stack.py"


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    ports = {name: str(free_port()) for name in
             ("KEYCLOAK_PORT", "KEYCLOAK_MANAGEMENT_PORT", "RAG_BACKEND_PORT", "DOCS_SITE_PORT", "EMBEDDED_PG_PORT",
              "MAIL_SMTP_PORT", "MAIL_WEB_PORT")}
    inherited = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RAG_DATABASE_URL", "JAVA_OPTS_APPEND")}
    return {**inherited, **ports}


@pytest.fixture(scope="module")
def data() -> Iterator[Path]:
    folder = ROOT / "build" / "launcher-restart-test"
    yield folder
    subprocess.run([sys.executable, str(STACK), "down", "--data", str(folder)], check=False)
    for pid in processes_of(folder):  # what a failed test left: nothing may outlive it
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def stack(command: str, data: Path, env: dict[str, str], *extra: str) -> None:
    result = subprocess.run([sys.executable, str(STACK), command, "--data", str(data), *extra], env=env,
                            capture_output=True, text=True, timeout=1800)  # the launcher's own waits decide
    assert result.returncode == 0, result.stdout + result.stderr


def admin(env: dict[str, str]) -> httpx.Client:
    return admin_client(f"http://localhost:{env['KEYCLOAK_PORT']}")


def no_process_left(data: Path) -> None:
    # At once: `down` and Ctrl-C return only after every service has been waited for.
    left = processes_of(data)
    assert not left, f"processes of {data} left: {[Path(f'/proc/{p}/cmdline').read_text() for p in left]}"


def test_a_reader_survives_down_and_run_and_nothing_is_left_running(data: Path, env: dict[str, str]) -> None:
    stack("up", data, env, "--fresh")
    email = "kept-across-restarts@example.org"
    secrets_seen.seen("email", email)
    with admin(env) as a:
        created = a.post("/users", json={
            "username": email, "email": email, "enabled": True, "firstName": "Kept", "lastName": "Reader",
            "attributes": {"experienceLevel": ["beginner"], "professionalRole": ["student"]}})
        assert created.status_code == 201, created.text
    assert processes_of(data), "the running stack has no process of its data folder: the check below would prove nothing"

    stack("down", data, env)
    no_process_left(data)

    # `make run` as a terminal runs it: a foreground job in its own process group, stopped by Ctrl-C.
    run = subprocess.Popen([sys.executable, str(STACK), "run", "--data", str(data)], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        wait_until("the stack is ready again", lambda: (data / "stack.pid").exists() or run.poll() is not None,
                   timeout=400)
        assert run.poll() is None, run.communicate()[0]
        with admin(env) as a:
            users = a.get("/users", params={"email": email, "exact": "true"}).json()
        assert [u["email"] for u in users] == [email]
        assert users[0]["attributes"]["experienceLevel"] == ["beginner"]
    finally:
        os.killpg(run.pid, signal.SIGINT)
        output, _ = run.communicate(timeout=180)
    assert run.returncode == 0, output
    no_process_left(data)


class Receiver(http.server.BaseHTTPRequestHandler):
    """A receiver of pushed SETs on loopback that keeps each body whose credential is right, and answers 202."""

    secret = "test-only-crash-receiver-secret"
    bodies: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - the standard library's name
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        if self.headers["Authorization"] == f"Bearer {self.secret}":
            Receiver.bodies.append(body)
        self.send_response(202 if self.headers["Authorization"] == f"Bearer {self.secret}" else 401)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def claims(set_: str) -> dict:
    payload = set_.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_committed_signal_outlives_a_sigkill_of_keycloak_and_is_pushed_after_the_restart(
        data: Path, env: dict[str, str]) -> None:
    """Issue 17: the admin disables a reader while the receiver is down, so the signal stays in Keycloak's outbox;
    Keycloak is killed (SIGKILL) right after; the receiver comes up, the stack starts again, and the SET arrives."""
    port = free_port()
    option = "KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__"
    env = {**env, option + "RECEIVERS": "crash", option + "CRASH_URL": f"http://127.0.0.1:{port}/events",
           option + "CRASH_AUDIENCE": "crash-test", option + "CRASH_SECRET": Receiver.secret}
    stack("up", data, env)
    email = "disabled-before-a-crash@example.org"
    secrets_seen.seen("email", email)
    with admin(env) as a:
        assert a.post("/users", json={"username": email, "email": email, "enabled": True, "firstName": "Kill",
                                      "lastName": "Nine", "attributes": {"experienceLevel": ["beginner"],
                                                                         "professionalRole": ["student"]}}).status_code == 201
        user = a.get("/users", params={"email": email, "exact": "true"}).json()[0]
        user["enabled"] = False
        assert a.put(f"/users/{user['id']}", json=user).status_code == 204  # committed: the answer comes after
    # Keycloak's JVM (kc.sh, its parent, is a shell of its own).
    keycloak = [p for p in processes_of(data) if Path(f"/proc/{p}/cmdline").read_text().split("\0")[0].endswith("java")
                and "--http-port=" + env["KEYCLOAK_PORT"] in Path(f"/proc/{p}/cmdline").read_text().split("\0")]
    assert len(keycloak) == 1, keycloak
    os.kill(keycloak[0], signal.SIGKILL)
    wait_until("the supervisor stopped the rest", lambda: not processes_of(data), timeout=180)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        stack("up", data, env)
        wait_until("the SET of the disabled account", lambda: any(
            claims(b)["sub_id"]["sub"] == user["id"]
            and "https://schemas.openid.net/secevent/risc/event-type/account-disabled" in claims(b)["events"]
            for b in Receiver.bodies), timeout=120)
    finally:
        server.shutdown()
        stack("down", data, env)
