"""The production layout on loopback, without Docker: one PostgreSQL, two clustered Keycloak nodes configured
as the production image is (Infinispan over jdbc-ping, proxy headers trusted from the proxy only), and the
nginx configuration of deploy/nginx rendered as the official nginx image renders it, run by Debian's nginx.

Reuses the launcher's classes (scripts/stack.py): there is one way to start PostgreSQL and Keycloak.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import stack
from docs_testkit.nginx import dev_certificate, docs_site_conf, proxy_site, start_nginx
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[2]

DOCS_SITE_PORT = 3999  # where the proxy's docs_site upstream points in the test
PUBLIC_PORT = 8443
PUBLIC_URL = f"https://localhost:{PUBLIC_PORT}"
PG_PORT = 5436
KEYCLOAK_DOCKERFILE = ROOT / "deploy" / "keycloak" / "Dockerfile"
# The deployment's mail catcher (the launcher's MailDev), on ports of its own.
MAIL_SMTP_PORT, MAIL_WEB_PORT = 1026, 8026
# The temporary admin service account Keycloak makes at its first start, as compose has it made
# (KC_BOOTSTRAP_ADMIN_CLIENT_ID/_SECRET; values of the tests only): the master realm's set-up signs in with it, and
# so do the tests' admin calls, since the master realm then refuses a password without a second factor.
BOOTSTRAP_CLIENT = {"KC_BOOTSTRAP_ADMIN_CLIENT_ID": "bootstrap-admin",
                    "KC_BOOTSTRAP_ADMIN_CLIENT_SECRET": "secret-of-the-deployment-tests"}
SECURE_MASTER_REALM = ROOT / "deploy" / "keycloak" / "secure-master-realm.sh"
# Rate limits of the test: low enough to hit in a short burst.
TEST_LIMITS = {"LOGIN_RATE": "5r/s", "LOGIN_BURST": "10", "TOKEN_RATE": "5r/s", "TOKEN_BURST": "10"}


@dataclass(frozen=True)
class ImageOptions:
    """The production image's Keycloak settings, read from its Dockerfile: what its `kc.sh build` stage is given, what
    the final image runs with, and its JVM options."""
    build: list[str]
    runtime: tuple[str, ...]
    jvm: str


# Options stack.Keycloak.start gives every node itself; the image may say them again, with the same value only.
LAUNCHER_OPTIONS = ("--http-enabled=true",)


def _kc_options(env: dict[str, str]) -> list[str]:
    """Keycloak's KC_* variables as its command-line options (KC_CACHE_STACK=x is --cache-stack=x)."""
    return [f"--{name[3:].lower().replace('_', '-')}={value}" for name, value in env.items() if name.startswith("KC_")]


def image_options(dockerfile: Path = KEYCLOAK_DOCKERFILE) -> ImageOptions:
    """Parses the image's Dockerfile (dockerfile-parse: continuation lines, quoting, stages): the environment of the
    stage that runs `kc.sh build` gives the build options, the final stage's the run-time and JVM options."""
    text = dockerfile.read_text()
    image = DockerfileParser(fileobj=io.BytesIO(text.encode()))
    build_run = next(i for i in image.structure if i["instruction"] == "RUN" and "kc.sh build" in i["value"])
    stage_end = next(i["startline"] for i in image.structure
                     if i["instruction"] == "FROM" and i["startline"] > build_run["startline"])
    build_stage = DockerfileParser(fileobj=io.BytesIO("".join(text.splitlines(True)[:stage_end]).encode()))
    runtime = _kc_options(image.envs)
    for option in runtime:
        name = option.split("=", 1)[0] + "="
        assert all(o == option for o in LAUNCHER_OPTIONS if o.startswith(name)), \
            f"the image sets {option}, the launcher starts nodes with another value"
    return ImageOptions(build=_kc_options(build_stage.envs),
                        runtime=tuple(o for o in runtime if o not in LAUNCHER_OPTIONS),
                        jvm=image.envs.get("JAVA_OPTS_APPEND", ""))


IMAGE = image_options()


def node_options(i: int) -> dict[str, object]:
    """Keycloak options of node `i`: the image's (no quarkus.properties: the proxy compresses), read from its
    Dockerfile; then what compose gives it at run time (KC_PROXY_TRUSTED_ADDRESSES) and what two nodes on one host
    need."""
    return {"build_options": IMAGE.build, "quarkus_properties": {}, "jvm_options": IMAGE.jvm,
            "runtime_options": (*IMAGE.runtime, "--proxy-trusted-addresses=127.0.0.1",
                                "--cache-embedded-network-bind-address=127.0.0.1",
                                f"--cache-embedded-network-bind-port={jgroups_port(i)}")}


def jgroups_port(i: int) -> int:
    """JGroups' failure detection listens 50,000 above the transport port, on a range of 4 ports. Two nodes on one
    host need those ranges apart, and above Linux's ephemeral ports (32768-60999): a restarted node otherwise
    finds them taken by client sockets, or by sockets of its killed self still closing."""
    return 12000 + 100 * i


# The stand-in docs site's pages and assets, by what they are (write_docs_site).
DOCS_SITE_PATHS = {"home": "/", "script": "/assets/js/main.4d5e6f.js", "stylesheet": "/assets/css/styles.1a2b3c.css",
                   "svg": "/img/logo.svg"}


def write_docs_site(root: Path) -> None:
    """A small stand-in for the built docs site, laid out as Docusaurus builds it (trailingSlash: false writes
    /auth/callback as auth/callback.html; hashed assets under assets/; 404.html): DOCS_SITE_PATHS."""
    files = {
        "index.html": "<!doctype html><html><head><title>Docs</title>"
                      '<link rel="stylesheet" href="/assets/css/styles.1a2b3c.css">'
                      '<script src="/assets/js/main.4d5e6f.js" defer></script></head><body>'
                      + "<p>Documentation page text, as Docusaurus prerenders it.</p>" * 60 + "</body></html>",
        "auth/callback.html": "<!doctype html><html><body><p>docs-site callback page</p>"
                              + "<p>Signing you in.</p>" * 80 + "</body></html>",
        "404.html": "<!doctype html><html><body><h1>docs-site page not found</h1>"
                    + "<p>We could not find what you were looking for.</p>" * 40 + "</body></html>",
        "assets/js/main.4d5e6f.js": "".join(f"export function f{i}(x){{return x*{i}+\"docs\";}}\n" for i in range(800)),
        "assets/css/styles.1a2b3c.css": "".join(f".c{i}{{margin:{i}px;color:#333}}\n" for i in range(300)),
        "img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                        + '<circle cx="5" cy="5" r="4" fill="#2e8555"/>' * 40 + "</svg>",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    os.chmod(root, 0o755)


@dataclass
class Node:
    keycloak: stack.Keycloak
    url: str
    management_url: str

    def cluster_views(self) -> list[int]:
        """Member counts of the cluster views this node logged (Infinispan ISPN000094), in order."""
        text = self.keycloak.log.read_text(errors="replace") if self.keycloak.log.exists() else ""
        return [int(n) for n in re.findall(r"ISPN000094: Received new cluster view for channel \S+: \[[^\]]*\] \((\d+)\)", text)]


@dataclass
class Deployment:
    data: Path
    postgres: stack.EmbeddedPostgres = field(init=False)
    mail: stack.MailCatcher = field(init=False)
    nodes: list[Node] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    docs_nginx: subprocess.Popen | None = None
    ca_file: Path = field(init=False)
    master_realm_set_up: subprocess.CompletedProcess[str] | None = None  # what secure_master_realm answered

    def __post_init__(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        (self.data / "logs").mkdir(parents=True)
        os.chmod(self.data, 0o755)
        self.postgres = stack.EmbeddedPostgres(self.data, self.data / "logs", port=PG_PORT)
        self.mail = stack.MailCatcher(self.data, self.data / "logs", smtp_port=MAIL_SMTP_PORT, web_port=MAIL_WEB_PORT)

    # ------------------------------------------------------------------------------------------ Keycloak
    def prepare_nodes(self, count: int = 2) -> None:
        """Node homes: one build of the distribution, as the image's (kept across runs in build/, redone
        only when our jar changes), copied per node so that each has its own data/ (transaction logs...)."""
        built = ROOT / "build" / "kc-cluster"
        source = sorted(stack.DIST_TARGET.glob("keycloak-[0-9]*"))[-1]
        if not built.exists():
            shutil.copytree(source, built, symlinks=True)
        shutil.rmtree(built / "providers")  # our jar as `make build` made it; a change triggers kc.sh build
        shutil.copytree(source / "providers", built / "providers")
        builder = self._keycloak(built, 0, name="kc-cluster-build")
        builder.build_if_needed()
        for i in range(count):
            home = self.data / f"kc-{i}"
            shutil.copytree(built, home, symlinks=True)
            self.nodes.append(Node(self._keycloak(home, i), f"http://127.0.0.1:{8081 + i}",
                                   f"http://127.0.0.1:{9001 + i}"))

    def _keycloak(self, home: Path, i: int, name: str | None = None) -> stack.Keycloak:
        return stack.Keycloak(
            self.data / "logs", self.postgres, home=home, name=name or f"node-{'ab'[i]}",
            http_port=8081 + i, management_port=9001 + i, hostname=PUBLIC_URL,
            env={**self.mail.smtp_env(), **BOOTSTRAP_CLIENT},
            **node_options(i))

    def secure_master_realm(self, node: Node, **env: str) -> subprocess.CompletedProcess[str]:
        """deploy/keycloak/secure-master-realm.sh run against `node` as compose's keycloak-master-realm runs it
        (the settings the image's build writes, the kcadm.sh of the node's distribution; `env` overrides its
        environment)."""
        settings = self.data / "master-realm.json"
        settings.write_text(json.dumps(stack.master_realm_settings(), indent=2))
        return subprocess.run(["bash", str(SECURE_MASTER_REALM)], capture_output=True, text=True, timeout=900, env={
            **os.environ, **BOOTSTRAP_CLIENT, "KEYCLOAK_URL": node.url, "MASTER_REALM_SETTINGS": str(settings),
            "KCADM": str(node.keycloak.home / "bin" / "kcadm.sh"), **env})

    # --------------------------------------------------------------------------------------------- nginx
    def start_nginx(self) -> None:
        conf_dir = self.data / "nginx"
        self.ca_file, key = dev_certificate(conf_dir)
        site = proxy_site({
            "KEYCLOAK_UPSTREAM_SERVERS": " ".join(f"server 127.0.0.1:{8081 + i};" for i in range(len(self.nodes))),
            "DOCS_SITE_UPSTREAM": f"127.0.0.1:{DOCS_SITE_PORT}", "RAG_API_UPSTREAM": "127.0.0.1:8999",
            "PROXY_HTTPS_LISTEN": f"127.0.0.1:{PUBLIC_PORT}", "TLS_CERTIFICATE": str(self.ca_file),
            "TLS_CERTIFICATE_KEY": str(key), **TEST_LIMITS,
        })
        self.nginx = start_nginx(conf_dir, self.data / "logs", site, PUBLIC_PORT)

    def start_docs_site(self, root: Path) -> None:
        """The docs site image's nginx (examples/docs-site/static-server.conf) serving `root`, as the proxy's
        docs_site upstream."""
        self.docs_nginx = start_nginx(self.data / "docs-site-nginx", self.data / "logs",
                                      docs_site_conf(root, DOCS_SITE_PORT), DOCS_SITE_PORT)

    def stop(self) -> None:
        for nginx in (self.nginx, self.docs_nginx):
            if nginx and nginx.poll() is None:
                nginx.send_signal(signal.SIGQUIT)
                nginx.wait(timeout=30)
        for node in reversed(self.nodes):
            node.keycloak.stop()
        self.mail.stop()
        self.postgres.stop()
