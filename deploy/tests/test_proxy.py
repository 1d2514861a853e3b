"""The proxy configuration of deploy/nginx, run for real in front of the Keycloak nodes (node A only here)."""

from __future__ import annotations

import base64
import json
import re
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from docs_testkit.keycloak_reader import Reader, mail_link
from docs_testkit.nginx import DOCS_SITE_HEADERS

from .conftest import (DOCS_SITE_DIRECT, admin_client, bootstrap_client_grant, client, docs_site_via_proxy,
                       reader_via_proxy)
from .deployment import DOCS_SITE_PATHS, PUBLIC_PORT, PUBLIC_URL, Deployment

REALM = f"{PUBLIC_URL}/realms/docs"
HSTS = "max-age=31536000; includeSubDomains"  # ASVS 5.0 3.4.1 (level 2: subdomains too)


def last_login_error_ip(deployment: Deployment, email: str) -> str:
    with admin_client(deployment.nodes[0].url) as admin:
        users = admin.get("/users", params={"email": email, "exact": "true"}).json()
        events = admin.get("/events", params={"type": "LOGIN_ERROR", "user": users[0]["id"]}).json()
    assert events, f"no LOGIN_ERROR event for the mailbox {email.split('@')[0]!r}"
    return str(events[0]["ipAddress"])


def test_discovery_through_the_proxy_names_the_public_https_url(deployment: Deployment) -> None:
    with client(deployment) as c:
        config = c.get(f"{REALM}/.well-known/openid-configuration").json()

    assert config["issuer"] == REALM
    assert config["authorization_endpoint"].startswith(f"{REALM}/protocol/")
    assert config["token_endpoint"].startswith(f"{REALM}/protocol/")


def test_sign_up_and_sign_in_work_through_the_proxy(deployment: Deployment) -> None:
    reader = reader_via_proxy(deployment)
    tokens = reader.sign_up(experienceLevel="advanced", professionalRole="researcher")
    again = reader_via_proxy(deployment)
    again.email, again.password = reader.email, reader.password

    signed_in = again.sign_in()

    for token in (tokens.access_token, signed_in.access_token):
        claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        assert claims["iss"] == REALM and claims["experience_level"] == "advanced"


def test_mail_links_are_https_on_the_public_host(deployment: Deployment) -> None:
    """Keycloak builds the links of its mails from its public hostname: behind the proxy, https on the public host
    (the verification link of the sign-up was followed through the proxy; the reset link is too)."""
    reader = reader_via_proxy(deployment)
    reader.sign_up(experienceLevel="advanced", professionalRole="researcher")
    reader_via_proxy(deployment).request_password_reset(reader.email)  # "Forgot password?" on another device
    verification, reset = reader.mail.wait_for(reader.email, count=2)[:2]

    for mail in (verification, reset):
        link = mail_link(mail, "/login-actions/action-token")
        assert link.startswith(f"{PUBLIC_URL}/realms/docs/login-actions/action-token?"), mail["subject"]
    assert reader.sign_in().access_token


def test_pages_and_form_actions_carry_the_public_url(deployment: Deployment) -> None:
    with client(deployment) as c:
        page = c.get(f"{REALM}/protocol/openid-connect/auth", params={
            "client_id": "docs-site", "response_type": "code", "scope": "openid",
            "redirect_uri": "http://localhost:3000/auth/callback", "code_challenge_method": "S256",
            "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"})

    assert page.status_code == 200
    assert f'action="{REALM}/login-actions/authenticate' in page.text
    assert "http://127.0.0.1" not in page.text and "http://localhost:808" not in page.text


def test_keycloak_records_the_readers_address_not_the_proxys(deployment: Deployment) -> None:
    reader = reader_via_proxy(deployment)
    reader.sign_up(experienceLevel="beginner", professionalRole="student")
    wrong = reader_via_proxy(deployment, source="127.0.0.2")
    wrong.email = reader.email

    wrong.sign_in_refused("not the password")

    assert last_login_error_ip(deployment, reader.email) == "127.0.0.2"


def test_the_proxy_sets_the_forwarded_headers_rather_than_passing_on_a_clients(deployment: Deployment) -> None:
    # A reader's own X-Forwarded-* headers, through the proxy: nginx must replace them (appending would put the
    # forged address first, where Keycloak reads it), so Keycloak still records the connection's address and builds
    # its pages on the public URL.
    reader = reader_via_proxy(deployment)
    reader.sign_up(experienceLevel="beginner", professionalRole="student")
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http",
              "X-Forwarded-Port": "8080", "Forwarded": "for=203.0.113.10;host=evil.example;proto=http"}
    wrong = reader_via_proxy(deployment, source="127.0.0.10")
    wrong.http.headers.update(forged)
    wrong.email = reader.email

    page = wrong.sign_in_refused("not the password")

    assert last_login_error_ip(deployment, reader.email) == "127.0.0.10"
    assert f'action="{REALM}/login-actions/authenticate' in page
    assert "evil.example" not in page


def test_forwarded_headers_from_anyone_but_the_proxy_are_ignored(deployment: Deployment) -> None:
    reader = reader_via_proxy(deployment)
    reader.sign_up(experienceLevel="beginner", professionalRole="student")
    # Straight to the node, from 127.0.0.3, claiming to be someone else.
    forger = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.3"), timeout=30,
                          headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "evil.example"})
    wrong = Reader(PUBLIC_URL, client=forger, node_url=deployment.nodes[0].url)
    wrong.email = reader.email

    wrong.sign_in_refused("not the password")

    assert last_login_error_ip(deployment, reader.email) == "127.0.0.3"


def burst(deployment: Deployment, source: str, method: str, path: str, n: int = 40) -> list[httpx.Response]:
    with client(deployment, source) as c, ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: c.request(method, f"{PUBLIC_URL}{path}", data={"x": "y"}), range(n)))


def test_a_burst_of_sign_ins_from_one_address_gets_429_while_another_address_gets_through(
        deployment: Deployment) -> None:
    responses = burst(deployment, "127.0.0.4", "POST", "/realms/docs/login-actions/authenticate")
    other = client(deployment, "127.0.0.5").post(f"{REALM}/login-actions/authenticate", data={"x": "y"})

    limited = [r for r in responses if r.status_code == 429]
    assert 0 < len(limited) < len(responses)  # the burst allowance passes, the rest is refused
    assert "Too many attempts" in limited[0].text and limited[0].headers["retry-after"] == "60"
    assert limited[0].headers.get("strict-transport-security") == HSTS  # the page keeps HSTS
    assert other.status_code != 429


def test_the_token_endpoint_is_limited_too(deployment: Deployment) -> None:
    responses = burst(deployment, "127.0.0.6", "POST", "/realms/docs/protocol/openid-connect/token")

    assert any(r.status_code == 429 for r in responses)
    assert {r.status_code for r in responses} <= {400, 401, 429}


def test_the_admin_console_is_only_for_the_operators_network(deployment: Deployment) -> None:
    with client(deployment, "127.0.0.7") as outsider, client(deployment) as operator:
        assert outsider.get(f"{PUBLIC_URL}/admin/master/console/").status_code == 403
        assert operator.get(f"{PUBLIC_URL}/admin/master/console/").status_code == 200


# The master realm is the admins' realm: its sign-in pages, its form posts and its token endpoint (the last two have
# regex locations of their own for the readers' realm, which a plain prefix location would lose to), spelt as a
# client may spell them (nginx matches the normalised path; Keycloak gets the path as sent).
MASTER_REALM_REQUESTS = [
    ("GET", "/realms/master/protocol/openid-connect/auth?client_id=security-admin-console&response_type=code"),
    ("POST", "/realms/master/login-actions/authenticate"),
    ("POST", "/realms/master/protocol/openid-connect/token"),
    ("GET", "/realms/master/account/"),
    ("GET", "/realms/master"),
    ("GET", "/realms//master/.well-known/openid-configuration"),
    ("GET", "/realms/%6Daster/.well-known/openid-configuration"),
    ("GET", "/realms/master;x/.well-known/openid-configuration"),
]


@pytest.mark.parametrize(("method", "path"), MASTER_REALM_REQUESTS, ids=[p for _, p in MASTER_REALM_REQUESTS])
def test_the_master_realm_is_only_for_the_operators_network(deployment: Deployment, method: str, path: str) -> None:
    with client(deployment, "127.0.0.7") as outsider:
        refused = outsider.request(method, httpx.URL(f"{PUBLIC_URL}{path}"), data={"grant_type": "password"})

    assert refused.request.url.raw_path.decode() == path  # sent as spelt
    assert refused.status_code == 403


def test_the_operators_reach_the_master_realm(deployment: Deployment) -> None:
    with client(deployment) as operator:
        config = operator.get(f"{PUBLIC_URL}/realms/master/.well-known/openid-configuration")

    assert config.status_code == 200 and config.json()["issuer"] == f"{PUBLIC_URL}/realms/master"


def test_health_and_metrics_are_not_exposed(deployment: Deployment) -> None:
    with client(deployment) as c:
        for path in ("/health/ready", "/metrics", "/q/health"):
            assert c.get(f"{PUBLIC_URL}{path}").status_code == 404, path


# ------------------------------------------------------------------------------------------------ compression
GZIP = {"Accept-Encoding": "gzip"}


def assert_gzipped(response: httpx.Response) -> None:
    assert response.status_code == 200, f"{response.url}: {response.status_code}"
    assert response.headers.get("content-encoding") == "gzip", f"{response.url} went out uncompressed"
    vary = {v.strip().lower() for v in response.headers.get("vary", "").split(",")}
    assert "accept-encoding" in vary, f"{response.url}: Vary is {response.headers.get('vary')!r}"


def sign_up_page(c: httpx.Client, accept_encoding: str = "gzip") -> httpx.Response:
    return c.get(f"{REALM}/protocol/openid-connect/registrations", headers={"Accept-Encoding": accept_encoding}, params={
        "client_id": "docs-site", "response_type": "code", "scope": "openid",
        "redirect_uri": "http://localhost:3000/auth/callback", "code_challenge_method": "S256",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"})


def test_keycloaks_sign_up_page_its_scripts_and_styles_are_gzipped_through_the_proxy(deployment: Deployment) -> None:
    with client(deployment) as c:
        page = sign_up_page(c)
        assets = re.findall(r'(?:src|href)="(/resources/[^"]+\.(?:js|css))"', page.text)
        responses = [c.get(f"{PUBLIC_URL}{path}", headers=GZIP) for path in assets]

    assert_gzipped(page)
    assert "kc-register-form" in page.text  # httpx decoded it: the page itself
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets), assets
    for response in responses:
        assert_gzipped(response)


def test_a_client_that_asks_for_no_compression_gets_the_page_as_is(deployment: Deployment) -> None:
    with client(deployment) as c:
        page = sign_up_page(c, accept_encoding="identity")

    assert page.status_code == 200 and "content-encoding" not in page.headers
    assert "kc-register-form" in page.text


def test_token_responses_are_never_compressed(deployment: Deployment) -> None:
    # Tokens are the one secret a response carries whole (see the proxy's comment on BREACH). The master realm's
    # token endpoint has a location of its own (the admins' realm: for the operators' network only).
    with client(deployment) as c:
        c.headers.update(GZIP)
        r = bootstrap_client_grant(c, f"{PUBLIC_URL}/realms/master/protocol/openid-connect/token", scope="openid")

    assert r.status_code == 200 and "access_token" in r.json()
    assert int(r.headers["content-length"]) > 1024  # big enough that gzip would have taken it
    assert "content-encoding" not in r.headers


@pytest.mark.parametrize("what", sorted(DOCS_SITE_PATHS))
def test_the_docs_site_is_gzipped_by_its_own_server_and_through_the_proxy(deployment: Deployment, what: str) -> None:
    path = DOCS_SITE_PATHS[what]
    with httpx.Client(base_url=DOCS_SITE_DIRECT, timeout=30) as direct, docs_site_via_proxy(deployment) as proxied:
        assert_gzipped(direct.get(path, headers=GZIP))
        assert_gzipped(proxied.get(path, headers=GZIP))


def test_the_docs_site_keeps_its_clean_urls_and_its_404_page(deployment: Deployment) -> None:
    with docs_site_via_proxy(deployment) as c:
        callback = c.get("/auth/callback", params={"code": "x", "state": "y"}, headers=GZIP)
        missing = c.get("/no/such/page", headers=GZIP)

    assert callback.status_code == 200 and "docs-site callback page" in callback.text
    assert missing.status_code == 404 and "docs-site page not found" in missing.text


@pytest.mark.parametrize("path", [*DOCS_SITE_PATHS.values(), "/auth/callback?code=x&state=y", "/no/such/page"])
def test_the_docs_site_sends_the_security_headers_of_its_build_itself_and_through_the_proxy(
        deployment: Deployment, path: str) -> None:
    # Issue 22, finding 5: CSP (the built pages' inline scripts by hash), nosniff, Referrer-Policy, COOP; made by
    # the site's build (plugins/security-headers.ts), the same set npm `serve` sends for make run.
    built = json.loads(DOCS_SITE_HEADERS.with_suffix(".json").read_text())
    assert {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} <= set(built)
    with httpx.Client(base_url=DOCS_SITE_DIRECT, timeout=30) as direct, docs_site_via_proxy(deployment) as proxied:
        for answer in (direct.get(path), proxied.get(path)):
            for name, value in built.items():
                assert answer.headers.get_list(name) == [value], f"{name} of {path} ({answer.url})"


# ------------------------------------------------------------------------------------------------ TLS and names
def handshake(deployment: Deployment, server_name: str | None, context: ssl.SSLContext | None = None) -> str:
    """A TLS handshake with the proxy; returns the cipher suite agreed (ssl.SSLError if the proxy refuses)."""
    if context is None:  # no check of the certificate: only the proxy's refusal makes the handshake fail
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", PUBLIC_PORT), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=server_name) as tls:
            cipher = tls.cipher()
            assert cipher is not None
            return cipher[0]


def test_tls_1_2_agrees_only_on_forward_secret_aead_suites(deployment: Deployment) -> None:
    offered = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    offered.set_ciphers("ALL:@SECLEVEL=0")
    suites = [c for c in offered.get_ciphers() if c["protocol"] == "TLSv1.2"]
    assert {"AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256"} <= {c["name"] for c in suites}  # the test can fail

    accepted = []
    for suite in suites:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(cafile=str(deployment.ca_file))
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(f"{suite['name']}:@SECLEVEL=0")
        try:
            handshake(deployment, "localhost", context)
        except ssl.SSLError:
            continue
        accepted.append(suite)

    assert accepted, "no TLS 1.2 suite at all"
    assert [s["name"] for s in accepted if s["kea"] != "kx-ecdhe" or not s["aead"]] == []


def test_tls_1_3_is_agreed_by_default(deployment: Deployment) -> None:
    assert handshake(deployment, "localhost").startswith("TLS_")  # a TLS 1.3 suite: all are forward secret


@pytest.mark.parametrize("server_name", ["evil.example", None], ids=["unknown name", "no name"])
def test_a_handshake_for_a_name_the_proxy_does_not_serve_is_refused(deployment: Deployment,
                                                                    server_name: str | None) -> None:
    with pytest.raises(ssl.SSLError):
        handshake(deployment, server_name)


def test_a_request_for_a_host_the_proxy_does_not_serve_is_refused_not_forwarded(deployment: Deployment) -> None:
    with client(deployment) as c:  # the handshake names localhost; the Host header another name
        r = c.get(f"{REALM}/.well-known/openid-configuration", headers={"Host": "evil.example"})

    assert r.status_code == 421  # Misdirected Request (RFC 9110 §15.5.20)
    assert "issuer" not in r.text


def test_the_proxy_does_not_say_its_version(deployment: Deployment) -> None:
    with client(deployment, "127.0.0.7") as c:
        answers = [c.get(f"{PUBLIC_URL}/no/such/path"), c.get(f"{PUBLIC_URL}/admin/master/console/"),
                   c.get(f"{REALM}/.well-known/openid-configuration")]

    for answer in answers:
        assert answer.headers["server"] == "nginx", answer.url
        assert not re.search(r"nginx/\d", answer.text), answer.url


def test_both_sites_send_hsts_on_every_response(deployment: Deployment) -> None:
    with client(deployment, "127.0.0.7") as c, docs_site_via_proxy(deployment) as docs:
        answers = [c.get(f"{REALM}/.well-known/openid-configuration"), c.get(f"{PUBLIC_URL}/no/such/path"),
                   c.get(f"{PUBLIC_URL}/admin/master/console/"), docs.get("/"), docs.get("/no/such/page")]

    for answer in answers:
        assert answer.headers.get("strict-transport-security") == HSTS, answer.url
