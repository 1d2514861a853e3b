"""Fixtures of the deployment tests: the production layout on loopback (deployment.py), started once."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterator

import httpx
import pytest
from docs_testkit import secrets_seen
from docs_testkit.admin import api_client
from docs_testkit.keycloak_reader import MailCatcher, Reader

from .deployment import BOOTSTRAP_CLIENT, DOCS_SITE_PORT, PUBLIC_URL, ROOT, Deployment, write_docs_site

FIGURES = ROOT / "build" / "deploy-test-figures.json"


@pytest.fixture(scope="session")
def figures() -> Iterator[dict[str, object]]:
    """Measured figures, written to build/deploy-test-figures.json (scripts/test.sh prints them)."""
    found: dict[str, object] = {}
    yield found
    FIGURES.write_text(json.dumps(found, indent=2))


@pytest.fixture(scope="session")
def deployment(figures: dict[str, object]) -> Iterator[Deployment]:
    d = Deployment(ROOT / "build" / "deploy-test")
    try:
        d.postgres.start()
        d.mail.start()
        d.prepare_nodes(2)
        t0 = time.monotonic()
        d.nodes[0].keycloak.start(wait=False)
        d.nodes[0].keycloak.wait_ready(timeout=600)  # a first start creates the schema: minutes on a loaded machine
        figures["node_a_ready_s"] = round(time.monotonic() - t0, 1)
        # As compose: the master realm is set up before the proxy opens.
        d.master_realm_set_up = d.secure_master_realm(d.nodes[0])
        assert d.master_realm_set_up.returncode == 0, d.master_realm_set_up.stdout + d.master_realm_set_up.stderr
        site = d.data / "docs-site"
        write_docs_site(site)
        d.start_docs_site(site)
        d.start_nginx()
        yield d
    finally:
        d.stop()


def client(deployment: Deployment, source: str = "127.0.0.1") -> httpx.Client:
    """An HTTPS client of the proxy from one loopback address (127.0.0.0/8 is all loopback on Linux)."""
    trust = ssl.create_default_context(cafile=str(deployment.ca_file))
    return httpx.Client(transport=httpx.HTTPTransport(local_address=source, verify=trust), timeout=30)


DOCS_SITE_DIRECT = f"http://127.0.0.1:{DOCS_SITE_PORT}"


def docs_site_via_proxy(deployment: Deployment) -> httpx.Client:
    """The proxy's docs site (server_name docs.localhost): the proxy's address, the docs site's Host."""
    c = client(deployment)
    c.base_url = httpx.URL(PUBLIC_URL)
    c.headers["Host"] = "docs.localhost"
    return c


def mail_catcher(deployment: Deployment) -> MailCatcher:
    return MailCatcher(deployment.mail.url.rstrip("/"))


def reader_via_proxy(deployment: Deployment, source: str = "127.0.0.1") -> Reader:
    return Reader(PUBLIC_URL, client=client(deployment, source), mail=mail_catcher(deployment))


def bootstrap_client_grant(c: httpx.Client, token_endpoint: str, **parameters: str) -> httpx.Response:
    """A client credentials grant of Keycloak's bootstrap service account (BOOTSTRAP_CLIENT) at `token_endpoint`,
    with more `parameters` of the token request (scope...)."""
    return c.post(token_endpoint, data={"grant_type": "client_credentials",
                                        "client_id": BOOTSTRAP_CLIENT["KC_BOOTSTRAP_ADMIN_CLIENT_ID"],
                                        "client_secret": BOOTSTRAP_CLIENT["KC_BOOTSTRAP_ADMIN_CLIENT_SECRET"],
                                        **parameters})


def admin_client(node_url: str, realm: str = "docs") -> httpx.Client:
    """The admin API of `realm` on one node, as the bootstrap service account (the proxy lets the admin API in
    from 127.0.0.1 only)."""
    with httpx.Client(timeout=30) as c:
        r = bootstrap_client_grant(c, f"{node_url}/realms/master/protocol/openid-connect/token")
    r.raise_for_status()
    secrets_seen.response(r)
    return api_client(node_url, r.json()["access_token"], realm)
