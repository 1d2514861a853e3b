"""A reader going through Keycloak's hosted pages without a browser: sign-up form, code flow with PKCE.

Shared by the Python integration tests (backend-adapter/tests/integration) and the deployment tests
(deploy/tests), which also send it through a proxy from a given source address, or straight to one node.

Cookies are kept by hand: Keycloak marks its cookies Secure even on http://localhost, and httpx (like every
standard cookie jar) would then never send them back over http.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import secrets
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx

import secrets_seen

CLIENT_ID = "docs-site"
# The docs site's origin and callback, as the realm import read DOCS_SITE_URL.
DOCS_SITE_ORIGIN = os.environ.get("DOCS_SITE_URL", "http://localhost:3000").rstrip("/")
REDIRECT_URI = f"{DOCS_SITE_ORIGIN}/auth/callback"


class _FormAction(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.action = a.get("action")


class FormNotFound(AssertionError):
    """The page has no such form: an error page came instead."""


def form_action(page: str, form_id: str) -> str:
    parser = _FormAction(form_id)
    parser.feed(page)
    if not parser.action:
        raise FormNotFound(f"no form #{form_id} on the page:\n{page[:2000]}")
    return html.unescape(parser.action)


def pkce() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    return verifier, base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorization_query(challenge: str, state: str) -> str:
    """The docs site's authorization request (code flow, PKCE S256) as a query string."""
    return urlencode({
        "client_id": CLIENT_ID, "response_type": "code", "scope": "openid", "redirect_uri": REDIRECT_URI,
        "state": state, "nonce": secrets.token_urlsafe(16), "code_challenge": challenge,
        "code_challenge_method": "S256",
    })


class CookieJar:
    """Keycloak's cookies kept by hand (see the module's docstring), for one reader or one flow."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    def absorb(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    id_token: str


class Reader:
    """``keycloak_url`` is Keycloak's public URL. ``client`` may bind a source address or trust a CA;
    ``node_url`` sends every request for the public URL to one node instead (same paths, same cookies)."""

    def __init__(self, keycloak_url: str, realm: str = "docs", *, client: httpx.Client | None = None,
                 node_url: str | None = None) -> None:
        self.public_url = keycloak_url
        self.node_url = node_url
        self.realm_url = f"{keycloak_url}/realms/{realm}"
        self.http = client or httpx.Client(timeout=30)
        self.http.follow_redirects = False
        self.jar = CookieJar()
        self.email = f"reader-{uuid.uuid4().hex[:12]}@example.org"
        self.password = "correct horse battery staple"
        secrets_seen.seen("email", self.email)
        secrets_seen.seen("password", self.password)

    def close(self) -> None:
        self.http.close()

    def _route(self, url: str) -> str:
        if self.node_url and url.startswith(self.public_url):
            return self.node_url + url[len(self.public_url):]
        return url

    def request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        url = self._route(url)
        secrets_seen.form(kwargs.get("data"))  # type: ignore[arg-type]
        response = self.http.request(method, url, headers=self.jar.header(), **kwargs)  # type: ignore[arg-type]
        self.jar.absorb(response)
        secrets_seen.response(response)
        return response

    def _browse(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """Follows redirects until a page, or until the redirect back to the docs site."""
        response = self.request(method, url, **kwargs)
        while response.is_redirect:
            location = urljoin(str(response.request.url), response.headers["location"])
            if location.startswith(REDIRECT_URI):
                return response
            url = location
            response = self.request("GET", url)
        return response

    def _authorize(self, endpoint: str) -> tuple[httpx.Response, str, str]:
        verifier, challenge = pkce()
        state = secrets.token_urlsafe(16)
        query = authorization_query(challenge, state)
        return self._browse("GET", f"{self.realm_url}/protocol/openid-connect/{endpoint}?{query}"), verifier, state

    def _finish(self, response: httpx.Response, verifier: str, state: str) -> Tokens:
        location = response.headers.get("location", "")
        assert response.is_redirect and location.startswith(REDIRECT_URI), \
            f"expected the redirect back to the docs site, got {response.status_code}:\n{response.text[:3000]}"
        params = parse_qs(urlsplit(location).query)
        assert params["state"] == [state]
        return self.exchange(params["code"][0], verifier)

    def exchange(self, code: str, verifier: str) -> Tokens:
        r = self.request("POST", f"{self.realm_url}/protocol/openid-connect/token", data={
            "grant_type": "authorization_code", "client_id": CLIENT_ID, "code": code,
            "redirect_uri": REDIRECT_URI, "code_verifier": verifier,
        })
        r.raise_for_status()
        body = r.json()
        return Tokens(body["access_token"], body["refresh_token"], body["id_token"])

    def sign_up(self, **background: str) -> Tokens:
        page, verifier, state = self._authorize("registrations")
        assert page.status_code == 200, page.text[:2000]
        action = form_action(page.text, "kc-register-form")
        fields = {"email": self.email, "password": self.password, "password-confirm": self.password,
                  "firstName": "Ada", "lastName": "Reader", **background}
        return self._finish(self._browse("POST", action, data=fields), verifier, state)

    def sign_in(self) -> Tokens:
        page, verifier, state = self._authorize("auth")
        if page.is_redirect:  # the SSO session is still there: no form
            return self._finish(page, verifier, state)
        action = form_action(page.text, "kc-form-login")
        return self._finish(self._browse("POST", action, data={"username": self.email, "password": self.password}),
                            verifier, state)

    def sign_in_refused(self, password: str) -> str:
        """Posts a wrong password; returns the page that comes back (the form again, with its error)."""
        page, _, _ = self._authorize("auth")
        action = form_action(page.text, "kc-form-login")
        answer = self._browse("POST", action, data={"username": self.email, "password": password})
        assert answer.status_code == 200 and not answer.is_redirect, f"signed in with {password!r}?"
        return answer.text

    def refresh(self, tokens: Tokens) -> Tokens:
        r = self.request("POST", f"{self.realm_url}/protocol/openid-connect/token", data={
            "grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": tokens.refresh_token})
        r.raise_for_status()
        body = r.json()
        return Tokens(body["access_token"], body["refresh_token"], body.get("id_token", tokens.id_token))

    def sign_out(self, tokens: Tokens) -> None:
        """Ends the Keycloak session, as the docs site's sign-out does (back-channel, with the refresh token)."""
        r = self.request("POST", f"{self.realm_url}/protocol/openid-connect/logout",
                           data={"client_id": CLIENT_ID, "refresh_token": tokens.refresh_token})
        assert r.status_code == 204, r.text
