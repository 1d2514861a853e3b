#!/usr/bin/env python3
"""Starts and stops the whole system: PostgreSQL, the development mail catcher, Keycloak with our jar, theme and
realm, the example backend and the example docs site.

The one launcher of the project. `make run` calls `run` (foreground, Ctrl-C stops everything); the tests call
`up` (the same supervisor, detached, returning once everything is ready) and `down`.

    stack.py run  [--data DIR]            # DIR defaults to .data/ (accounts persist across runs)
    stack.py up   --data DIR [--fresh]    # --fresh wipes DIR first (the tests' throw-away stack)
    stack.py down --data DIR
    stack.py realm | master-realm         # prints the docs realm's import / the master realm's settings (JSON)

Database: DATABASE_URL (postgresql://user:password@host:port/db) when set, else an embedded PostgreSQL under
DIR/postgres. PostgreSQL refuses to run as root, so when we are root it runs as the unprivileged user `nobody`.
Mail: SMTP_HOST set sends Keycloak's mail there (with SMTP_PORT, SMTP_FROM... of docs/contracts.md); unset, the
mail catcher MailDev (scripts/mail-catcher) takes it, its web page on MAIL_WEB_PORT.
Ports: KEYCLOAK_PORT (8080), KEYCLOAK_MANAGEMENT_PORT (9000), RAG_BACKEND_PORT (8000), DOCS_SITE_PORT (3000),
EMBEDDED_PG_PORT (5433), MAIL_SMTP_PORT (1025), MAIL_WEB_PORT (8025);
KEYCLOAK_HOME runs another copy of the distribution. Change them only to run a second stack beside the first.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST_TARGET = ROOT / "distribution" / "target"
REALM_DIR = ROOT / "realm-config"

# Ports of docs/contracts.md; overridable so that a second stack (a helper's, a cluster node) can run beside the first.
KEYCLOAK_PORT = int(os.environ.get("KEYCLOAK_PORT", "8080"))
KEYCLOAK_MANAGEMENT_PORT = int(os.environ.get("KEYCLOAK_MANAGEMENT_PORT", "9000"))
RAG_BACKEND_PORT = int(os.environ.get("RAG_BACKEND_PORT", "8000"))
DOCS_SITE_PORT = int(os.environ.get("DOCS_SITE_PORT", "3000"))
DOCS_SITE_DIR = ROOT / "examples" / "docs-site"
# npm `serve`'s settings as the site's build writes them: serve.json's, and the security headers of the built pages.
DOCS_SITE_SERVE_CONFIG = DOCS_SITE_DIR / "build-server" / "serve.json"
KEYCLOAK_URL = f"http://localhost:{KEYCLOAK_PORT}"
MANAGEMENT_URL = f"http://localhost:{KEYCLOAK_MANAGEMENT_PORT}"
RAG_BACKEND_URL = f"http://localhost:{RAG_BACKEND_PORT}"
PY_ENV = ROOT / "build" / "py"
REALM = "docs"
EMBEDDED_PG_PORT = int(os.environ.get("EMBEDDED_PG_PORT", "5433"))
MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT", "1025"))
MAIL_WEB_PORT = int(os.environ.get("MAIL_WEB_PORT", "8025"))
MAIL_CATCHER_DIR = ROOT / "scripts" / "mail-catcher"
# Development defaults only: production sets its own (see deploy/README.md).
DEV_DB_USER = "keycloak"
DEV_DB_PASSWORD = "keycloak"
DEV_ADMIN = ("admin", "admin")
# Issue 17: Keycloak's signals transmitter (event listener docs-signals of our jar) pushes Security Event Tokens to
# the example API, its receiver `rag` (docs/contracts.md, "Signals"). The push secret is a development default:
# production sets RAG_SIGNALS_SECRET (both sides read it). An environment that names the receivers itself
# (KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__RECEIVERS, e.g. scripts/test.sh adding the tests' own) keeps its own.
DEV_RAG_SIGNALS_SECRET = "dev-only-signals-secret-change-me"
SIGNALS_OPTION = "KC_SPI_EVENTS_LISTENER__DOCS_SIGNALS__"
# The example backend's own role: it owns schema `rag` in Keycloak's database and nothing else.
DEV_RAG_USER = "rag"
DEV_RAG_PASSWORD = "rag"
# Keycloak features on by default that nothing here uses, off at build time (issue 22, finding 8: less to attack):
# admins impersonating readers, Kerberos sign-in, the device authorization grant (RFC 8628), CIBA, and standard
# token exchange (RFC 8693). What the system uses stays: the account and admin consoles, login v2, client policies
# (the realm's no-password-grant rule), update-email, persistent sessions, DPoP.
KC_FEATURES_DISABLED = ["impersonation", "kerberos", "device-flow", "ciba", "token-exchange-standard"]
# Build-time options of `kc.sh build`; a change here triggers a rebuild. deploy/keycloak/Dockerfile sets the same as
# KC_* variables (a deployment test checks that they agree).
KC_BUILD_OPTIONS = ["--db=postgres", "--health-enabled=true", "--metrics-enabled=true",
                    f"--features-disabled={','.join(KC_FEATURES_DISABLED)}"]
# Quarkus settings that Keycloak has no option for, in conf/quarkus.properties (Keycloak's place for them; read by
# `kc.sh build`: a change here triggers a rebuild). Keycloak's pages go out gzipped to a client that accepts it
# (Keycloak gzips its theme's resources itself, all but PNG and JPEG; its HTML only so). JSON is left out: the token
# endpoint's answers are the tokens (see deploy/nginx's template on BREACH; there the proxy compresses instead).
# Every type Keycloak gzips must be in the list: for a type not in it Quarkus sends `Content-Encoding: identity` in
# place of Keycloak's `gzip`, and the browser gets gzip it cannot read (the fonts: every icon a box). The fonts go
# out as application/octet-stream. browser-tests/lib/test.js fails a test on any such resource.
KC_QUARKUS_PROPERTIES = {
    "quarkus.http.enable-compression": "true",
    "quarkus.http.compress-media-types": "text/html,text/css,text/javascript,application/javascript,image/svg+xml,"
                                         "application/octet-stream,font/woff,font/woff2,font/ttf,image/x-icon,"
                                         "image/vnd.microsoft.icon",
}
# One node: a local cache, no cluster. `cache` is a run-time option in Keycloak 26.7 (at build time it is
# ignored, and the node would open a JGroups channel and look for peers in the database).
# Keycloak's AuthenticationManager logs the reader's username (here the e-mail address) at WARN when it ends a session
# whose clients have no logout URL ("Some clients have not been logged out for user ..."): its warnings stay out of
# the log, as every other typed or personal value does (deploy/README.md, Security). So do the warnings of the admin
# REST API's UserResource, which names the user when the password policy refuses an admin's reset ("Could not update
# password for user ..."), and of the account REST API's AccountCredentialResource, which names the user when a
# reader removes a credential through its deprecated endpoint ("... removing credential of user ..."). The image
# sets the same.
KC_LOG_LEVEL = ("INFO,org.keycloak.services.managers.AuthenticationManager:ERROR,"
                "org.keycloak.services.resources.admin.UserResource:ERROR,"
                "org.keycloak.services.resources.account.AccountCredentialResource:ERROR")
# Keycloak gzips its theme's resources itself; JSON ones (the account console's content.json) are kept out of it,
# since JSON is not in KC_QUARKUS_PROPERTIES' list (see there): Quarkus would send them as `identity` and the
# account console would get gzip it cannot read (a blank page).
KC_GZIP_EXCLUDED = "--spi-resource-encoding--gzip--excluded-content-types=image/png image/jpeg application/json"
KC_RUNTIME_OPTIONS = ("--cache=local", f"--log-level={KC_LOG_LEVEL}", KC_GZIP_EXCLUDED)
UNPRIVILEGED_USER = "nobody"
# Our jar hashes passwords natively; where its library cannot load, the hash is Keycloak's own, BouncyCastle's
# Java Argon2id (also with --spi-password-hashing--argon2--native=false). On few cores, C2 sometimes compiles it without
# inlining Argon2BytesGenerator.quarterRound into F (it was compiled before F's call profile matured: a race in the
# compile queue), and that JVM then spends 2-3x the CPU on every password check for its whole life. Forcing the
# two inlines makes every start fast; the hash and its parameters are unchanged (deploy/README.md, "Operations").
KC_JVM_OPTIONS = " ".join((
    "-XX:CompileCommand=quiet",
    "-XX:CompileCommand=inline,org.bouncycastle.crypto.generators.Argon2BytesGenerator::quarterRound",
    "-XX:CompileCommand=inline,org.bouncycastle.crypto.generators.Argon2BytesGenerator::F",
))


def say(message: str) -> None:
    print(f"[stack] {message}", flush=True)


class StackError(RuntimeError):
    pass


# -------------------------------------------------------------------------------------------- mail catcher
class MailCatcher:
    """MailDev (npm, scripts/mail-catcher): an SMTP server that keeps every mail, a web page that shows them and the
    REST API the tests read them through (GET /email, DELETE /email/all). Loopback only; mail persists under
    DIR/mail across runs, as the accounts do."""

    def __init__(self, data: Path, log_dir: Path, smtp_port: int = MAIL_SMTP_PORT, web_port: int = MAIL_WEB_PORT):
        self.mail_dir = data / "mail"
        self.log = log_dir / "mail-catcher.log"
        self.smtp_port, self.web_port = smtp_port, web_port
        self.url = f"http://localhost:{web_port}/"
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [str(MAIL_CATCHER_DIR / "node_modules" / ".bin" / "maildev"), "--smtp", str(self.smtp_port),
                "--web", str(self.web_port), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1",
                "--mail-directory", str(self.mail_dir)]

    def smtp_env(self) -> dict[str, str]:
        """What Keycloak's realm import reads (docs/contracts.md, "Mail"): the catcher, no TLS, no login."""
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.smtp_port), "SMTP_STARTTLS": "false",
                "SMTP_SSL": "false", "SMTP_AUTH": "false"}

    def start(self) -> None:
        if not Path(self.command()[0]).exists():
            raise StackError("the mail catcher is not installed: run `make mail-catcher` (`make run` does it)")
        for port in (self.smtp_port, self.web_port):
            if _port_open(port):
                raise StackError(f"port {port} is taken: set MAIL_SMTP_PORT / MAIL_WEB_PORT or stop what holds it")
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        say(f"Starting the mail catcher (log: {self.log})")
        self.proc = subprocess.Popen(self.command(), stdout=open(self.log, "a"), stderr=subprocess.STDOUT,
                                     start_new_session=True)
        _await_ready(self.proc, "the mail catcher", self.log, lambda: _http_ok(f"{self.url}healthz"))

    def stop(self) -> None:
        _stop(self.proc, "the mail catcher", signal.SIGTERM)


# ---------------------------------------------------------------------------------------------- PostgreSQL
class EmbeddedPostgres:
    """PostgreSQL from the zonky binaries that Maven unpacked, data under DATA/postgres, listening on 127.0.0.1:`port`,
    its log LOG_DIR/`name`.log. The defaults are `make run`'s; a bench or a test gives its own port and name."""

    def __init__(self, data: Path, log_dir: Path, *, port: int = EMBEDDED_PG_PORT, name: str = "postgres"):
        self.home = DIST_TARGET / "postgres"
        self.pgdata = data / "postgres"
        self.log = log_dir / f"{name}.log"
        self.port = port
        self.proc: subprocess.Popen | None = None
        self.user = pwd.getpwnam(UNPRIVILEGED_USER) if os.geteuid() == 0 else None

    def jdbc(self) -> tuple[str, str, str]:
        return f"jdbc:postgresql://127.0.0.1:{self.port}/keycloak", DEV_DB_USER, DEV_DB_PASSWORD

    def rag_url(self) -> str:
        return f"postgresql://{DEV_RAG_USER}:{DEV_RAG_PASSWORD}@127.0.0.1:{self.port}/keycloak"

    def _run_as(self) -> dict:
        if self.user is None:
            return {}
        return {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}

    def _unpack(self) -> None:
        if (self.home / "bin" / "postgres").exists():
            return
        archive = DIST_TARGET / "postgres-archive" / "postgres-linux-x86_64.txz"
        if not archive.exists():
            raise StackError(f"{archive} is missing: run `make build` first")
        say("Unpacking the embedded PostgreSQL binaries")
        tmp = self.home.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp)
        tmp.rename(self.home)

    def _check_reachable(self) -> None:
        if self.user is None:
            return
        probe = subprocess.run(["test", "-x", str(self.home / "bin" / "postgres"), "-a", "-w", str(self.pgdata)],
                               **self._run_as())
        if probe.returncode != 0:
            raise StackError(
                f"running as root, PostgreSQL runs as `{UNPRIVILEGED_USER}`, who cannot reach {self.pgdata} or "
                f"{self.home}: put the checkout where every user can enter its folders, or set DATABASE_URL")

    def _init(self) -> None:
        if (self.pgdata / "PG_VERSION").exists():
            return
        say(f"Initialising a new PostgreSQL database in {self.pgdata}")
        self.pgdata.mkdir(parents=True, exist_ok=True)
        os.chmod(self.pgdata, 0o700)
        if self.user is not None:
            os.chown(self.pgdata, self.user.pw_uid, self.user.pw_gid)
        self._check_reachable()
        # The superuser's password is random and never needed: only the keycloak role is used.
        pwfile = self.pgdata.parent / ".pg-superuser-password"
        pwfile.write_text(secrets.token_urlsafe(24))
        if self.user is not None:
            os.chown(pwfile, self.user.pw_uid, self.user.pw_gid)
        try:
            self._quiet([str(self.home / "bin" / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "-E", "UTF8",
                         "--locale=C", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", f"--pwfile={pwfile}"])
        finally:
            pwfile.unlink()
        sql = (f"CREATE ROLE {DEV_DB_USER} LOGIN PASSWORD '{DEV_DB_PASSWORD}';\n"
               f"CREATE DATABASE keycloak OWNER {DEV_DB_USER};\n")
        self._quiet([str(self.home / "bin" / "postgres"), "--single", "-D", str(self.pgdata), "postgres"], stdin=sql)

    def _ensure_rag_role(self) -> None:
        """The example backend's role and schema; idempotent, so a database made before them gets them too."""
        marker = self.pgdata.parent / ".rag-role"
        if marker.exists():
            return
        single = [str(self.home / "bin" / "postgres"), "--single", "-D", str(self.pgdata)]
        # Single-user mode ends a statement at the newline: one statement per line.
        self._quiet([*single, "postgres"], stdin=(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{DEV_RAG_USER}') THEN "
            f"CREATE ROLE {DEV_RAG_USER} LOGIN PASSWORD '{DEV_RAG_PASSWORD}'; END IF; END $$;\n"))
        self._quiet([*single, "keycloak"], stdin=f"CREATE SCHEMA IF NOT EXISTS rag AUTHORIZATION {DEV_RAG_USER};\n")
        marker.write_text("schema rag owned by role rag\n")

    def _quiet(self, cmd: list[str], stdin: str | None = None) -> None:
        with open(self.log, "a") as log:
            result = subprocess.run(cmd, input=stdin, text=True, stdout=log, stderr=subprocess.STDOUT,
                                    cwd="/", **self._run_as())
        if result.returncode != 0:
            raise StackError(f"{Path(cmd[0]).name} failed; see {self.log}")

    def start(self) -> None:
        self._unpack()
        self._init()
        self._check_reachable()
        self._ensure_rag_role()
        if _port_open(self.port):
            raise StackError(f"port {self.port} is taken: another PostgreSQL? Stop it or set EMBEDDED_PG_PORT")
        say(f"Starting PostgreSQL on 127.0.0.1:{self.port} (data: {self.pgdata})")
        offset = self.log.stat().st_size if self.log.exists() else 0
        logf = open(self.log, "a")
        self.proc = subprocess.Popen(
            [str(self.home / "bin" / "postgres"), "-D", str(self.pgdata), "-p", str(self.port),
             "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
            stdout=logf, stderr=subprocess.STDOUT, cwd="/", start_new_session=True, **self._run_as())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StackError(f"PostgreSQL exited; see {self.log}")
            with open(self.log, "rb") as f:
                f.seek(offset)
                if b"ready to accept connections" in f.read():
                    return
            time.sleep(0.2)
        raise StackError(f"PostgreSQL did not become ready; see {self.log}")

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, data is flushed.
        _stop(self.proc, "PostgreSQL", signal.SIGINT)


class ExternalPostgres:
    """The database named by DATABASE_URL; we neither start nor stop it."""

    def __init__(self, url: str):
        u = urllib.parse.urlsplit(url)
        if u.scheme not in ("postgres", "postgresql") or not u.hostname or not u.path.strip("/"):
            raise StackError("DATABASE_URL must look like postgresql://user:password@host:5432/dbname")
        self.url = u

    def jdbc(self) -> tuple[str, str, str]:
        u = self.url
        query = f"?{u.query}" if u.query else ""
        return (f"jdbc:postgresql://{u.hostname}:{u.port or 5432}{u.path}{query}",
                urllib.parse.unquote(u.username or ""), urllib.parse.unquote(u.password or ""))

    def rag_url(self) -> str:
        # A separate role is better (RAG_DATABASE_URL); else the backend uses Keycloak's, in its own schema.
        return os.environ.get("RAG_DATABASE_URL") or self.url.geturl()

    def start(self) -> None:
        say(f"Using the PostgreSQL of DATABASE_URL at {self.url.hostname}:{self.url.port or 5432}")

    def stop(self) -> None:
        pass


# ------------------------------------------------------------------------------------------------ Keycloak
class Keycloak:
    """One Keycloak node. The defaults are `make run`'s; the deployment tests start clustered nodes behind a
    proxy with other ports, options and copies of the distribution (`home`)."""

    def __init__(self, log_dir: Path, database, *, home: Path | None = None, name: str = "keycloak",
                 http_port: int = KEYCLOAK_PORT, management_port: int = KEYCLOAK_MANAGEMENT_PORT,
                 hostname: str = KEYCLOAK_URL, build_options: list[str] = KC_BUILD_OPTIONS,
                 runtime_options: tuple[str, ...] = KC_RUNTIME_OPTIONS, jvm_options: str = KC_JVM_OPTIONS,
                 realm: dict | None = None, quarkus_properties: dict[str, str] = KC_QUARKUS_PROPERTIES,
                 env: dict[str, str] | None = None):
        if home is None:
            dists = sorted(DIST_TARGET.glob("keycloak-[0-9]*"))
            if os.environ.get("KEYCLOAK_HOME"):  # a copy of the distribution, e.g. for a second stack
                dists = [Path(os.environ["KEYCLOAK_HOME"])]
            if not dists:
                raise StackError("the Keycloak distribution is missing: run `make build` first")
            home = dists[-1]
        self.home = home
        self.name = name
        self.log = log_dir / f"{name}.log"
        self.database = database
        self.http_port, self.management_port = http_port, management_port
        self.hostname = hostname
        self.build_options = build_options
        self.runtime_options = runtime_options
        self.jvm_options = jvm_options
        self.realm = realm  # the realm to import; None: ours (realm_import())
        self.quarkus_properties = quarkus_properties
        self.env = env or {}  # more of Keycloak's environment: a mail catcher's SMTP_*, KC_BOOTSTRAP_ADMIN_CLIENT_ID...
        self.proc: subprocess.Popen | None = None

    def _build_stamp(self) -> str:
        # Keycloak's `start --optimized` refuses (exit 2) a provider jar whose modification time differs from the
        # build's, even with the same bytes, as a reproducible `mvn package` of unchanged sources makes it.
        h = hashlib.sha256(" ".join(self.build_options).encode())
        h.update(json.dumps(self.quarkus_properties, sort_keys=True).encode())
        for jar in sorted((self.home / "providers").glob("*.jar")):
            h.update(jar.name.encode())
            h.update(str(jar.stat().st_mtime_ns).encode())
            h.update(jar.read_bytes())
        return h.hexdigest()

    def build_if_needed(self) -> None:
        properties = self.home / "conf" / "quarkus.properties"
        if self.quarkus_properties:
            properties.write_text("".join(f"{k}={v}\n" for k, v in self.quarkus_properties.items()))
        else:
            properties.unlink(missing_ok=True)
        stamp_file = self.home / ".docs-build-stamp"
        stamp = self._build_stamp()
        if stamp_file.exists() and stamp_file.read_text() == stamp:
            return
        say("Building Keycloak with our providers and theme (kc.sh build: about 30 s, only when they change)")
        with open(self.log, "a") as log:
            result = subprocess.run([str(self.home / "bin" / "kc.sh"), "build", *self.build_options],
                                    stdout=log, stderr=subprocess.STDOUT, env=self._env())
        if result.returncode != 0:
            raise StackError(f"kc.sh build failed; see {self.log}")
        stamp_file.write_text(stamp)

    def _install_realm(self) -> None:
        target = self.home / "data" / "import"
        target.mkdir(parents=True, exist_ok=True)
        realm = self.realm if self.realm is not None else realm_import()
        (target / f"{REALM}-realm.json").write_text(json.dumps(realm, indent=2))

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["JAVA_OPTS_APPEND"] = " ".join(filter(None, (self.jvm_options, env.get("JAVA_OPTS_APPEND"))))
        url, user, password = self.database.jdbc()
        env.update({"KC_DB_URL": url, "KC_DB_USERNAME": user, "KC_DB_PASSWORD": password, **self.env})
        env.setdefault("KC_BOOTSTRAP_ADMIN_USERNAME", DEV_ADMIN[0])
        env.setdefault("KC_BOOTSTRAP_ADMIN_PASSWORD", DEV_ADMIN[1])
        return env

    def start(self, wait: bool = True) -> None:
        for port in (self.http_port, self.management_port):
            if _port_open(port):
                raise StackError(f"port {port} is taken: is another Keycloak running? (`make stop-test` stops the tests' one)")
        self.build_if_needed()
        self._install_realm()
        say(f"Starting {self.name} (log: {self.log})")
        logf = open(self.log, "a")
        # Secrets reach Keycloak through its environment (KC_DB_PASSWORD...), never its command line.
        self.proc = subprocess.Popen(
            [str(self.home / "bin" / "kc.sh"), "start", "--optimized", "--http-enabled=true", "--http-host=127.0.0.1",
             f"--http-port={self.http_port}", f"--http-management-port={self.management_port}",
             f"--hostname={self.hostname}", "--import-realm", *self.runtime_options],
            stdout=logf, stderr=subprocess.STDOUT, env=self._env(), start_new_session=True)
        if wait:
            self.wait_ready()

    def ready(self) -> bool:
        return _http_ok(f"http://localhost:{self.management_port}/health/ready") and \
            _http_ok(f"http://localhost:{self.http_port}/realms/{REALM}/.well-known/openid-configuration")

    def wait_ready(self, timeout: float = 600) -> None:  # an empty database on a loaded 2-core machine: minutes
        assert self.proc is not None, "start() first"
        _await_ready(self.proc, self.name, self.log, self.ready, timeout)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        _stop(self.proc, self.name, sig)


# -------------------------------------------------------------------------------------- example backend
class RagBackend:
    """The example chatbot API (examples/rag-backend), from the project's Python environment (`make py-env`), on
    127.0.0.1:`port`, accepting the tokens of the docs realm of the Keycloak at `keycloak_url`."""

    def __init__(self, log_dir: Path, database, *, port: int = RAG_BACKEND_PORT, keycloak_url: str = KEYCLOAK_URL):
        self.log = log_dir / "rag-backend.log"
        self.database = database
        self.port = port
        self.keycloak_url = keycloak_url
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        # No access log: a client that puts a token in the query string would have it written there.
        return [str(PY_ENV / "bin" / "uvicorn"), "--factory", "rag_backend.app:create_app", "--host", "127.0.0.1",
                "--port", str(self.port), "--no-access-log"]

    def environment(self) -> dict[str, str]:
        """The API's environment: this process's, with the API's database and issuer set; its other settings as
        this process has them, else `make run`'s development values (examples/rag-backend/README.md)."""
        env = dict(os.environ)
        env.update({"RAG_DATABASE_URL": self.database.rag_url(),
                    "DOCS_AUTH_ISSUER": f"{self.keycloak_url}/realms/{REALM}"})
        env.setdefault("RAG_CORS_ORIGINS", os.environ.get("DOCS_SITE_URL", "http://localhost:3000"))
        # Development on loopback: the OpenAPI pages (Schemathesis reads /openapi.json) and /metrics are on, as
        # the API run alone has them off (examples/rag-backend/README.md).
        env.setdefault("RAG_OPENAPI_ENABLED", "true")
        env.setdefault("RAG_METRICS_ENABLED", "true")
        env.setdefault("RAG_SIGNALS_SECRET", DEV_RAG_SIGNALS_SECRET)
        return env

    def start(self) -> None:
        uvicorn = Path(self.command()[0])
        if not uvicorn.exists():
            raise StackError(f"{uvicorn} is missing: run `make py-env` first")
        if _port_open(self.port):
            raise StackError(f"port {self.port} is taken: set RAG_BACKEND_PORT or stop what holds it")
        say(f"Starting the example backend (log: {self.log})")
        self.proc = subprocess.Popen(self.command(), stdout=open(self.log, "a"), stderr=subprocess.STDOUT,
                                     env=self.environment(), start_new_session=True)
        _await_ready(self.proc, "the example backend", self.log,
                     lambda: _http_ok(f"http://localhost:{self.port}/api/health"))

    def stop(self) -> None:
        _stop(self.proc, "the example backend", signal.SIGTERM)


# ----------------------------------------------------------------------------------------- example site
class DocsSite:
    """The example Docusaurus site, as `make site` built it (URLs are baked in at build time), served by the npm
    package `serve` (Vercel's, on the serve-handler that `docusaurus serve` uses too) with
    build-server/serve.json (examples/docs-site/serve.json's settings and the security headers the build made from
    the built pages): the same clean URLs (/auth/callback is auth/callback.html) and 404 page as
    `docusaurus serve`, plus compression (gzip or brotli, with Vary: Accept-Encoding), which `docusaurus serve`
    does not do; the image's nginx (static-server.conf) does the same, with the same headers, for compose."""

    def __init__(self, log_dir: Path, port: int = DOCS_SITE_PORT):
        self.log = log_dir / "docs-site.log"
        self.port = port
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [str(DOCS_SITE_DIR / "node_modules" / ".bin" / "serve"), "build",
                "--config", str(DOCS_SITE_SERVE_CONFIG), "--listen", f"tcp://127.0.0.1:{self.port}",
                "--no-port-switching", "--no-clipboard", "--no-request-logging"]

    def start(self) -> None:
        server = Path(self.command()[0])
        if not all(p.exists() for p in (DOCS_SITE_DIR / "build" / "index.html", DOCS_SITE_SERVE_CONFIG, server)):
            raise StackError("the docs site is not built: run `make site` (`make run` does it)")
        if _port_open(self.port):
            raise StackError(f"port {self.port} is taken: set DOCS_SITE_PORT or stop what holds it")
        say(f"Starting the docs site (log: {self.log})")
        # NO_UPDATE_CHECK: `serve` would otherwise ask the npm registry for a newer version at every start.
        self.proc = subprocess.Popen(
            self.command(), cwd=DOCS_SITE_DIR, stdout=open(self.log, "a"), stderr=subprocess.STDOUT,
            env={**os.environ, "NO_UPDATE_CHECK": "1"}, start_new_session=True)
        _await_ready(self.proc, "the docs site", self.log, lambda: _http_ok(f"http://localhost:{self.port}/"))

    def stop(self) -> None:
        _stop(self.proc, "the docs site", signal.SIGTERM)


def signals_env() -> dict[str, str]:
    """Keycloak's options for the example API as a receiver of signals; an option the environment sets wins."""
    options = {
        "RECEIVERS": "rag",
        "RAG_URL": f"{RAG_BACKEND_URL}/api/security-events",
        "RAG_AUDIENCE": "rag-api",
        "RAG_SECRET": os.environ.get("RAG_SIGNALS_SECRET", DEV_RAG_SIGNALS_SECRET),
    }
    return {SIGNALS_OPTION + k: v for k, v in options.items() if SIGNALS_OPTION + k not in os.environ}


def realm_import() -> dict:
    """The realm import: realm-config/docs-realm.json with realm-config/user-profile.json embedded.

    Keycloak stores the user profile as a component whose configuration is a JSON string; keeping it in its
    own file keeps it readable and reviewable."""
    realm = json.loads((REALM_DIR / "docs-realm.json").read_text())
    profile = json.loads((REALM_DIR / "user-profile.json").read_text())
    realm.setdefault("components", {})["org.keycloak.userprofile.UserProfileProvider"] = [{
        "providerId": "declarative-user-profile",
        "subComponents": {},
        "config": {"kc.user.profile.config": [json.dumps(profile)]},
    }]
    return realm


# ------------------------------------------------------------------------------------------------- helpers
def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _await_ready(proc: subprocess.Popen, name: str, log: Path, ready, timeout: float = 60) -> None:
    """Waits until ready() holds; a process that exits meanwhile, or a timeout, is a StackError naming its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StackError(f"{name} exited with {proc.returncode}; see {log}")
        if ready():
            return
        time.sleep(0.5)
    raise StackError(f"{name} did not become ready in {timeout:.0f} s; see {log}")


def _stop(proc: subprocess.Popen | None, name: str, sig: int) -> None:
    if proc is None or proc.poll() is not None:
        return
    say(f"Stopping {name}")
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _state_file(data: Path) -> Path:
    return data / "stack.pid"


# ------------------------------------------------------------------------------------------------ commands
def run(data: Path) -> int:
    """Starts everything, prints where it is, and stops it all on Ctrl-C or SIGTERM."""
    data.mkdir(parents=True, exist_ok=True)
    log_dir = data / "logs"
    log_dir.mkdir(exist_ok=True)
    database_url = os.environ.get("DATABASE_URL")
    services = []
    stopping = False

    def stop_all(*_):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for service in reversed(services):
            service.stop()
        _state_file(data).unlink(missing_ok=True)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        database = ExternalPostgres(database_url) if database_url else EmbeddedPostgres(data, log_dir)
        services.append(database)
        database.start()
        mail = None
        if not os.environ.get("SMTP_HOST"):
            mail = MailCatcher(data, log_dir)
            services.append(mail)
            mail.start()
        keycloak = Keycloak(log_dir, database, env={**(mail.smtp_env() if mail else {}), **signals_env()})
        services.append(keycloak)
        keycloak.start()
        backend = RagBackend(log_dir, database)
        services.append(backend)
        backend.start()
        site = DocsSite(log_dir)
        services.append(site)
        site.start()
        _state_file(data).write_text(str(os.getpid()))
        print(f"""
  Ready.
    Docs site      http://localhost:{DOCS_SITE_PORT}/   (Sign up / Sign in in the navbar)
    Sign-up page   {KEYCLOAK_URL}/realms/{REALM}/protocol/openid-connect/registrations?client_id=account-console&response_type=code&scope=openid&redirect_uri={urllib.parse.quote(KEYCLOAK_URL + '/realms/' + REALM + '/account/', safe='')}
    Account        {KEYCLOAK_URL}/realms/{REALM}/account
    Admin console  {KEYCLOAK_URL}/admin/master/console/#/{REALM}   (development login: {DEV_ADMIN[0]} / {DEV_ADMIN[1]})
    Health         {MANAGEMENT_URL}/health/ready   Metrics {MANAGEMENT_URL}/metrics
    Chatbot API    {RAG_BACKEND_URL}/api/health   (OpenAPI: {RAG_BACKEND_URL}/docs)
    Mail           {mail.url if mail else "sent to SMTP_HOST " + os.environ["SMTP_HOST"]}   (every mail Keycloak sends)
    Logs           {log_dir}
  Ctrl-C stops everything.
""", flush=True)
        while all(getattr(s, "proc", None) is None or s.proc.poll() is None for s in services):
            time.sleep(1)
        say("A service exited unexpectedly; stopping the rest")
        return 1
    except KeyboardInterrupt:
        return 0
    except StackError as e:
        say(f"error: {e}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_all()


def up(data: Path, fresh: bool) -> int:
    if fresh and data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    log = data / "stack.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, __file__, "run", "--data", str(data)], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    while proc.poll() is None:
        if _state_file(data).exists():
            say(f"Up (supervisor pid {proc.pid}; log {log})")
            return 0
        time.sleep(0.5)
    say(f"The stack failed to start:\n{log.read_text()}")
    return 1


def down(data: Path) -> int:
    state = _state_file(data)
    if not state.exists():
        say("Nothing to stop")
        return 0
    pid = int(state.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        state.unlink(missing_ok=True)
        return 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            say("Stopped")
            return 0
        time.sleep(0.5)
    say("The supervisor did not stop in time")
    return 1


# The fields of a realm representation that set brute-force detection.
BRUTE_FORCE_FIELDS = ("bruteForceProtected", "permanentLockout", "maxTemporaryLockouts", "bruteForceStrategy",
                      "failureFactor", "waitIncrementSeconds", "maxFailureWaitSeconds", "minimumQuickLoginWaitSeconds",
                      "quickLoginCheckMilliSeconds", "maxDeltaTimeSeconds")
MASTER_BROWSER_FLOW = "browser-second-factor"


def master_realm_settings() -> dict:
    """The master realm's settings for deploy/keycloak/secure-master-realm.sh, a partial realm representation (for
    PUT /admin/realms/master): the docs realm's brute-force detection and its client policy that refuses the
    password grant to every client (realm-config/docs-realm.json, so the two realms cannot drift apart), and the
    browser flow that the script makes, which asks every admin for a second factor (issue 22, finding 4)."""
    realm = json.loads((REALM_DIR / "docs-realm.json").read_text())
    settings = {name: realm[name] for name in BRUTE_FORCE_FIELDS if name in realm}
    if settings.get("bruteForceProtected") is not True or not realm.get("clientPolicies"):
        raise StackError("realm-config/docs-realm.json has no brute-force detection or client policy to copy")
    settings.update({name: realm[name] for name in ("clientProfiles", "clientPolicies")})
    settings["browserFlow"] = MASTER_BROWSER_FLOW
    return settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "up", "down", "realm", "master-realm"])
    parser.add_argument("--data", type=Path, default=ROOT / ".data")
    parser.add_argument("--fresh", action="store_true", help="with up: wipe --data first")
    args = parser.parse_args()
    data = args.data.resolve()
    if args.command == "run":
        return run(data)
    if args.command == "up":
        return up(data, args.fresh)
    if args.command == "realm":
        print(json.dumps(realm_import(), indent=2))
        return 0
    if args.command == "master-realm":
        print(json.dumps(master_realm_settings(), indent=2))
        return 0
    return down(data)


if __name__ == "__main__":
    sys.exit(main())
