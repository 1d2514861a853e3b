"""The launcher's stop paths, on stub executables: Ctrl-C (SIGINT to the foreground process group, as a terminal
sends it) or SIGTERM on `stack.py run` leaves no process behind, whether it comes once everything is ready or while a
service is still starting; a service that dies stops the rest.

The stubs stand where `make build`, `make py-env` and `make site` put the real executables (PostgreSQL, kc.sh,
uvicorn, serve): each answers the launcher's readiness checks and starts a child of its own, as kc.sh starts java, so
that a stop that reached the stub but not its child would be seen. The same paths on the real services:
scripts/tests/real/test_launcher_restart.py.
"""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from docs_testkit.processes import free_port, processes_of, wait_until

# One stub serves every service: it answers 200 on the ports it is given (none for PostgreSQL, which announces
# itself in its log), and keeps a child of its own alive until it is stopped. STUB_HANG=kc makes kc.sh never answer;
# STUB_EXIT=uvicorn makes uvicorn exit once ready (a crash).
STUB = r'''#!/usr/bin/env python3
import http.server, os, subprocess, sys, threading, time
name = os.path.basename(sys.argv[0])
if name == "initdb":
    pgdata = sys.argv[sys.argv.index("-D") + 1]
    open(os.path.join(pgdata, "PG_VERSION"), "w").write("16\n")
    sys.exit(0)
if name == "postgres" and "--single" in sys.argv:
    sys.stdin.read()
    sys.exit(0)
if name == "kc.sh" and sys.argv[1:2] == ["build"]:
    sys.exit(0)
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)", os.path.dirname(sys.argv[0])])
a = sys.argv
ports = {"kc.sh": lambda: [int(x.split("=")[1]) for x in a if x.startswith(("--http-port=", "--http-management-port="))],
         "uvicorn": lambda: [int(a[a.index("--port") + 1])],
         "serve": lambda: [int(a[a.index("--listen") + 1].rsplit(":", 1)[1])],
         "maildev": lambda: [int(a[a.index("--web") + 1])]}.get(name, list)()
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
if os.environ.get("STUB_HANG") != name:
    for port in ports:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok)
        threading.Thread(target=server.serve_forever, daemon=True).start()
if name == "postgres":
    print("database system is ready to accept connections", flush=True)
if os.environ.get("STUB_EXIT") == name:
    time.sleep(3)
    child.kill()
    sys.exit(3)
try:
    child.wait()
finally:
    child.kill()
'''

# Runs the launcher's `run` with its executables' places pointed at the stubs.
DRIVER = r'''
import sys
from pathlib import Path
import stack
stubs = Path(sys.argv[1])
stack.DIST_TARGET = stubs / "dist"
stack.PY_ENV = stubs / "py"
stack.DOCS_SITE_DIR = stubs / "site"
stack.MAIL_CATCHER_DIR = stubs / "mail"
stack.DOCS_SITE_SERVE_CONFIG = stubs / "site" / "build-server" / "serve.json"
sys.exit(stack.run(Path(sys.argv[2])))
'''


@pytest.fixture
def stubs() -> Iterator[Path]:
    # Readable by everyone: as root, the launcher runs PostgreSQL as `nobody`.
    root = Path(tempfile.mkdtemp(prefix="launcher-stubs-"))
    os.chmod(root, 0o755)
    places = {"dist/postgres/bin": ["postgres", "initdb"], "dist/keycloak-99.0.0/bin": ["kc.sh"],
              "py/bin": ["uvicorn"], "site/node_modules/.bin": ["serve"], "mail/node_modules/.bin": ["maildev"]}
    for folder, names in places.items():
        (root / folder).mkdir(parents=True)
        for name in names:
            exe = root / folder / name
            exe.write_text(STUB)
            exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_IRGRP | stat.S_IROTH)
    for folder in ("dist/keycloak-99.0.0/providers", "dist/keycloak-99.0.0/conf", "site/build", "site/build-server"):
        (root / folder).mkdir(parents=True)
    (root / "site" / "build" / "index.html").write_text("<!doctype html>")
    (root / "site" / "build-server" / "serve.json").write_text("{}")
    for folder in root.rglob("*"):
        if folder.is_dir():
            folder.chmod(0o755)
    (root / "data").mkdir(mode=0o755)
    yield root
    for pid in processes_of(root):  # a failed test leaves nothing running either
        os.kill(pid, signal.SIGKILL)
    subprocess.run(["rm", "-rf", str(root)], check=False)


def start(stubs: Path, **env: str) -> subprocess.Popen:
    """`stack.py run` on the stubs, in a process group of its own as a terminal's foreground job."""
    driver = stubs / "driver.py"
    driver.write_text(DRIVER)
    ports = {name: str(free_port()) for name in
             ("KEYCLOAK_PORT", "KEYCLOAK_MANAGEMENT_PORT", "RAG_BACKEND_PORT", "DOCS_SITE_PORT", "EMBEDDED_PG_PORT",
              "MAIL_SMTP_PORT", "MAIL_WEB_PORT")}
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SMTP_HOST")}
    return subprocess.Popen([sys.executable, str(driver), str(stubs), str(stubs / "data")],
                            env={**environment, **ports, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def ready(stubs: Path) -> bool:
    return (stubs / "data" / "stack.pid").exists()


def started(stubs: Path, service: str) -> bool:
    return any(service in arg for pid in processes_of(stubs) for arg in _cmdline(pid))


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().split("\0")
    except OSError:
        return []


def stop_and_check(proc: subprocess.Popen, stubs: Path, send) -> str:
    send()
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    left = processes_of(stubs)
    assert not left, f"processes left after the stop: {[' '.join(_cmdline(p)) for p in left]}\n{output}"
    assert not (stubs / "data" / "stack.pid").exists(), "the state file survived the stop"
    return output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_once_everything_is_ready_stops_every_service_and_its_children(stubs: Path, sig: int) -> None:
    proc = start(stubs)
    wait_until("the stack is ready", lambda: ready(stubs) or proc.poll() is not None)
    assert proc.poll() is None, proc.communicate()[0]
    # Each stub and its child: PostgreSQL, the mail catcher, Keycloak, the example backend and the docs site.
    assert len(processes_of(stubs)) >= 10, [" ".join(_cmdline(p)) for p in processes_of(stubs)]

    # Ctrl-C reaches the terminal's whole foreground group; SIGTERM (`stack.py down`, a service manager) the pid.
    output = stop_and_check(proc, stubs, lambda: os.killpg(proc.pid, sig) if sig == signal.SIGINT
                            else proc.send_signal(sig))
    for service in ("the docs site", "the example backend", "keycloak", "the mail catcher", "PostgreSQL"):
        assert f"Stopping {service}" in output, output


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_keycloak_is_still_starting_stops_what_was_started(stubs: Path, sig: int) -> None:
    proc = start(stubs, STUB_HANG="kc.sh")
    wait_until("Keycloak started", lambda: started(stubs, "kc.sh") or proc.poll() is not None)
    assert proc.poll() is None and not ready(stubs), proc.communicate()[0]

    stop_and_check(proc, stubs, lambda: os.killpg(proc.pid, sig))


def test_a_service_that_dies_stops_the_others(stubs: Path) -> None:
    proc = start(stubs, STUB_EXIT="uvicorn")
    output, _ = proc.communicate(timeout=120)

    assert proc.returncode == 1, output
    assert "A service exited unexpectedly" in output or "the example backend exited" in output, output
    wait_until("every process gone", lambda: not processes_of(stubs), timeout=10)
