"""The two servers of the benchmark and the machine they run on: homes under build/bench/keycloak/, each Keycloak
with its own embedded PostgreSQL (scripts/stack.py's classes), and what /proc and Keycloak's metrics say of them
(CPU seconds, RSS, heap).

    server = prepare("ours", realm, fresh=False)   # the home copied, the database kept or wiped
    server.pg.start(); start_all([server])          # ... server.kc.stop(); server.pg.stop()
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import stack
from docs_testkit.proc_cpu import cpu_seconds
from realms import SESSION_USERS
from cpu import Usage

WORK = stack.ROOT / "build" / "bench" / "keycloak"
# label -> (HTTP, management, PostgreSQL) ports, on loopback.
PORTS = {"stock": (8281, 9201, 5440), "ours": (8282, 9202, 5441)}


def say(message: str) -> None:
    print(f"[bench-keycloak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------- the machine
def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) over all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def distribution() -> Path:
    """The Keycloak distribution `make build` laid out (pom.xml's keycloak.version)."""
    return sorted(stack.DIST_TARGET.glob("keycloak-[0-9]*"))[-1]


def keycloak_version() -> str:
    """The distribution's version, as its version.txt says it ("Keycloak - Version 26.7.5")."""
    return (distribution() / "version.txt").read_text().split()[-1]


def ports_taken() -> list[str]:
    """The benchmark's ports that something already listens on, as `PORT (LABEL)`."""
    return [f"{port} ({label})" for label, ports in PORTS.items() for port in ports if stack._port_open(port)]


# --------------------------------------------------------------------------------------------- servers
@dataclass
class Server:
    label: str
    pg: stack.EmbeddedPostgres
    kc: stack.Keycloak
    url: str
    management_url: str
    next_user: int = SESSION_USERS
    refresh_tokens: list[str] = field(default_factory=list)

    @property
    def realm_url(self) -> str:
        return f"{self.url}/realms/{stack.REALM}"

    def java_pid(self) -> int:
        todo = [self.kc.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                    return pid
            except FileNotFoundError:
                continue
            todo += _children(pid)
        raise RuntimeError(f"no java process under {self.kc.proc.pid}")

    def kc_cpu(self) -> float:
        return cpu_seconds(self.java_pid())

    def pg_cpu(self) -> float:
        root = self.pg.proc.pid
        total = cpu_seconds(root, with_reaped_children=True)
        for child in _children(root):
            try:
                total += cpu_seconds(child)
            except FileNotFoundError:
                pass
        return total

    def usage(self, idle: Server) -> Usage:
        """The CPU counters of a measurement on this server while `idle` waits."""
        return Usage(self.kc_cpu(), self.pg_cpu(), idle.kc_cpu() + idle.pg_cpu(), *machine_jiffies(),
                     self.metrics()["gc_s"])

    def rss_mb(self) -> float:
        out = subprocess.run(["ps", "-o", "rss=", "-p", str(self.java_pid())], capture_output=True, text=True)
        return int(out.stdout.strip()) / 1024

    def metrics(self) -> dict[str, float]:
        text = httpx.get(f"{self.management_url}/metrics", timeout=10).text
        heap = sum(float(v) for v in re.findall(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\} (\S+)', text, re.M))
        gc = sum(float(v) for v in re.findall(r'^jvm_gc_pause_seconds_sum\{[^}]*\} (\S+)', text, re.M))
        return {"heap_mb": heap / 2**20, "gc_s": gc}

    def live_heap_mb(self) -> float:
        """Heap in use right after a full collection (jcmd GC.run): the live data."""
        subprocess.run(["jcmd", str(self.java_pid()), "GC.run"], capture_output=True, check=True)
        time.sleep(1)
        return self.metrics()["heap_mb"]

    def reconfigure(self, jvm_options: str, runtime_options: tuple[str, ...]) -> None:
        """The Keycloak of the next start: a new one on the same home, database and ports, with these options (the
        one before stopped)."""
        self.kc.stop()
        self.kc = keycloak(self.label, self.kc.home, self.pg, self.kc.realm, jvm_options=jvm_options,
                           runtime_options=runtime_options)


def keycloak(label: str, home: Path, pg: stack.EmbeddedPostgres, realm: dict, **options) -> stack.Keycloak:
    """The Keycloak of `label` on its ports, built with make run's build options; `options` as stack.Keycloak's."""
    http_port, management_port, _ = PORTS[label]
    return stack.Keycloak(WORK / "logs", pg, home=home, name=f"keycloak-{label}", http_port=http_port,
                          management_port=management_port, hostname=f"http://127.0.0.1:{http_port}",
                          build_options=stack.KC_BUILD_OPTIONS, realm=realm, **options)


def prepare(label: str, realm: dict, fresh: bool) -> Server:
    http_port, management_port, pg_port = PORTS[label]
    source = distribution()
    home = WORK / f"kc-{label}"
    if home.exists() and (home / "version.txt").read_bytes() != (source / "version.txt").read_bytes():
        shutil.rmtree(home)  # another Keycloak version was built since
    if not home.exists():
        shutil.copytree(source, home, symlinks=True, ignore=shutil.ignore_patterns("data"))
    shutil.rmtree(home / "providers")
    if label == "ours":
        shutil.copytree(source / "providers", home / "providers")
    else:
        (home / "providers").mkdir()
    shutil.rmtree(home / "data", ignore_errors=True)  # transaction logs and the import of an earlier run
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # The databases are kept between runs (a first start on an empty one imports the realm, slowly): wiped with
    # --fresh, or when the realm to import has changed since they were made.
    pg_dir = WORK / f"pg-{label}"
    digest = hashlib.sha256(json.dumps(realm, sort_keys=True).encode()).hexdigest()
    marker = pg_dir / "realm.sha256"
    if fresh or not marker.exists() or marker.read_text() != digest:
        shutil.rmtree(pg_dir, ignore_errors=True)
        pg_dir.mkdir(parents=True)
        marker.write_text(digest)
    pg = stack.EmbeddedPostgres(pg_dir, logs, port=pg_port, name=f"postgres-{label}")
    return Server(label, pg, keycloak(label, home, pg, realm), f"http://127.0.0.1:{http_port}",
                  f"http://127.0.0.1:{management_port}")


def start_all(servers: list[Server]) -> None:
    with concurrent.futures.ThreadPoolExecutor(len(servers)) as pool:
        for f in [pool.submit(s.kc.start, wait=False) for s in servers]:
            f.result()
    for s in servers:  # generous: on a loaded machine a first start can take minutes
        s.kc.wait_ready(timeout=900)


def make_work_dir() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for p in (WORK.parent, WORK):
        os.chmod(p, 0o755)  # PostgreSQL runs as `nobody` when we are root
