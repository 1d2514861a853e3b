"""deploy/'s nginx configurations run by Debian's nginx as the official nginx image runs them, without Docker: the
proxy's site file (deploy/nginx's template, rendered as the image's envsubst does) and the docs site image's own
(examples/docs-site/static-server.conf). Shared by the deployment tests (deploy/tests) and the site bench (bench/site).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import stack

NGINX_TEMPLATE = stack.ROOT / "deploy" / "nginx" / "templates" / "default.conf.template"
ERROR_PAGES = stack.ROOT / "deploy" / "nginx" / "html"
# The docs site image's own nginx configuration (examples/docs-site/Dockerfile copies it into the nginx image).
DOCS_SITE_CONF = stack.ROOT / "examples" / "docs-site" / "static-server.conf"
# The security headers the site's build made from its pages (the image copies the file where static-server.conf
# includes it): the same set npm `serve` sends for `make run`.
DOCS_SITE_HEADERS = stack.ROOT / "examples" / "docs-site" / "build-server" / "security-headers"
DOCS_SITE_HEADERS_IN_IMAGE = "/etc/nginx/docs-site/security-headers.conf"


def render(template: str, env: dict[str, str]) -> str:
    """envsubst as the nginx image runs it: only ${NAME} of set variables; everything else stays."""
    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)\}", lambda m: env.get(m.group(1), m.group(0)), template)


def dev_certificate(conf_dir: Path) -> tuple[Path, Path]:
    """A throw-away certificate for localhost and docs.localhost: (certificate, key)."""
    conf_dir.mkdir(parents=True, exist_ok=True)
    cert, key = conf_dir / "tls.crt", conf_dir / "tls.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,DNS:docs.localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    os.chmod(key, 0o644)
    return cert, key


def proxy_site(env: dict[str, str], template: str | None = None) -> str:
    """The proxy's site file (deploy/nginx's template, or `template`) rendered as the nginx image renders it, for
    Keycloak at localhost and the docs site at docs.localhost; `env` gives the upstreams, the listen address, TLS."""
    site = render(template if template is not None else NGINX_TEMPLATE.read_text(), {
        "KEYCLOAK_PUBLIC_HOST": "localhost", "DOCS_PUBLIC_HOST": "docs.localhost", "KEYCLOAK_REALM": "docs",
        "ERROR_PAGES_DIR": str(ERROR_PAGES), "ADMIN_ALLOW_FROM": "127.0.0.1", **env})
    leftover = re.findall(r"\$\{[A-Z_]+\}", site)
    assert not leftover, f"variables of the template that are not set: {leftover}"
    return site


def docs_site_conf(root: Path, port: int, conf: str | None = None) -> str:
    """The docs site image's nginx site file (static-server.conf, or `conf`) serving `root` on 127.0.0.1:`port`:
    only its listen address, its root and where it finds the build's security headers differ from the image's."""
    site = conf if conf is not None else DOCS_SITE_CONF.read_text()
    for image_value, ours in (("listen 80;", f"listen 127.0.0.1:{port};"), ("root /usr/share/nginx/html;", f"root {root};")):
        assert site.count(image_value) == 1, f"{DOCS_SITE_CONF.name} no longer says `{image_value}`"
        site = site.replace(image_value, ours)
    headers = DOCS_SITE_HEADERS.with_suffix(".conf")
    assert headers.exists(), f"{headers} is missing: build the docs site first (make site)"
    return site.replace(DOCS_SITE_HEADERS_IN_IMAGE, str(headers))


def start_nginx(conf_dir: Path, logs: Path, site: str, port: int) -> subprocess.Popen[bytes]:
    """Debian's nginx running the site file `site` inside the main file of the official nginx image (reduced to
    what a test needs: the image's mime.types, the http block that includes conf.d), listening on `port`."""
    t = conf_dir / "temp"
    t.mkdir(parents=True)
    os.chmod(t, 0o777)  # nginx's workers run as nobody when we are root
    (conf_dir / "default.conf").write_text(site)
    (conf_dir / "nginx.conf").write_text(f"""
pid {conf_dir}/nginx.pid;
error_log {logs}/{conf_dir.name}-error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {logs}/{conf_dir.name}-access.log;
    client_body_temp_path {t}/body; proxy_temp_path {t}/proxy; fastcgi_temp_path {t}/fastcgi;
    uwsgi_temp_path {t}/uwsgi; scgi_temp_path {t}/scgi;
    include {conf_dir}/default.conf;
}}
""")
    test = subprocess.run(["nginx", "-t", "-p", str(conf_dir), "-c", str(conf_dir / "nginx.conf")],
                          capture_output=True, text=True)
    assert test.returncode == 0, f"nginx refuses the configuration:\n{test.stderr}"
    proc = subprocess.Popen(["nginx", "-p", str(conf_dir), "-c", str(conf_dir / "nginx.conf"), "-g", "daemon off;"],
                            start_new_session=True)
    deadline = time.monotonic() + 10
    while not stack._port_open(port):
        assert time.monotonic() < deadline and proc.poll() is None, "nginx did not start"
        time.sleep(0.1)
    return proc
