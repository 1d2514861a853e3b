"""A reader going through Keycloak's hosted pages without a browser: sign-up form, code flow with PKCE.

Shared by the Python integration tests (backend-adapter/tests/integration), the deployment tests (deploy/tests),
which also send it through a proxy from a given source address, or straight to one node, and the benchmarks (bench/).

Cookies are kept by hand: Keycloak marks its cookies Secure even on http://localhost, and httpx (like every
standard cookie jar) would then never send them back over http.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from docs_testkit import secrets_seen

# The development mail catcher (MailDev) of scripts/stack.py, read through its REST API.
MAIL_WEB_URL = os.environ.get("MAIL_WEB_URL", "http://localhost:8025").rstrip("/")
CLIENT_ID = "docs-site"
# The docs site's origin and callback, as the realm import read DOCS_SITE_URL.
DOCS_SITE_ORIGIN = os.environ.get("DOCS_SITE_URL", "http://localhost:3000").rstrip("/")
REDIRECT_URI = f"{DOCS_SITE_ORIGIN}/auth/callback"
# The test readers' password (test-only; strong enough for the realm's password policy).
PASSWORD = "correct horse battery staple"
# The most redirects one step of a flow follows, as a browser limits them (Chromium: 20; httpx: 20). Our longest
# chain is a mailed verification link's (action token, required action, back to the site): a loop ends in
# httpx.TooManyRedirects instead of a test or benchmark that never returns.
MAX_REDIRECTS = 10


class DPoPKey:
    """The browser's DPoP key (RFC 9449): realm docs refuses a public client's token request without a proof, and
    binds the refresh token to the key (client policy docs-dpop-for-public-clients)."""

    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self._key.public_key()))

    def proof(self, method: str, url: str) -> str:
        """A proof for one request: ``htm`` the method, ``htu`` the URL without query or fragment (RFC 9449 §4.2)."""
        claims = {"jti": secrets.token_urlsafe(16), "htm": method, "htu": url, "iat": int(time.time())}
        return jwt.encode(claims, self._key, algorithm="ES256", headers={"typ": "dpop+jwt", "jwk": self.jwk})


class _FormAction(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.action = a.get("action")


class FlowError(AssertionError):
    """Keycloak answered a step of a flow otherwise than the flow expects (an error page, a refusal)."""


class FormNotFound(FlowError):
    """The page has no such form: an error page came instead."""


def form_action(page: str, form_id: str) -> str:
    parser = _FormAction(form_id)
    parser.feed(page)
    if not parser.action:
        raise FormNotFound(f"no form #{form_id} on the page:\n{page[:2000]}")
    return html.unescape(parser.action)


def proof_of_work(page: str) -> dict[str, str]:
    """Solves the page's proof-of-work challenge as ALTCHA's widget does in a browser (protocol 1: the number n for
    which SHA-256(salt + n) in hex is the challenge) and returns the form field of the solution, ``{"altcha":
    base64 of the JSON payload}``; ``{}`` when the page carries no challenge. Hashlib: the browser's side is this
    loop, and a solver package would be one more dependency for the integration and deployment tests alike."""
    tag = re.search(r"<altcha-widget\b[^>]*>", page)
    if not tag:
        return {}
    attributes = dict(re.findall(r'\s([a-z-]+)="([^"]*)"', tag.group(0)))
    challenge = json.loads(html.unescape(attributes["challenge"]))
    salt = challenge["salt"].encode()
    number = next(n for n in range(challenge["maxnumber"] + 1)
                  if hashlib.sha256(salt + str(n).encode()).hexdigest() == challenge["challenge"])
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")} | {"number": number}
    return {html.unescape(attributes["name"]): base64.b64encode(json.dumps(payload).encode()).decode()}


def callback_code(response: httpx.Response, state: str) -> str:
    """The authorization code of ``response``, the redirect back to the docs site (RFC 6749 §4.1.2), whose ``state``
    must be the one the request sent. Raises FlowError for any other answer (its status and the start of the page
    in the message; never the code)."""
    location: str = response.headers.get("location", "")
    if not (response.is_redirect and location.startswith(REDIRECT_URI)):
        raise FlowError(f"expected the redirect back to the docs site, got {response.status_code}:\n"
                        f"{response.text[:3000]}")
    params = parse_qs(urlsplit(location).query)
    if params.get("state") != [state] or "code" not in params:
        raise FlowError(f"the redirect back to the docs site has another state or no code (parameters: {sorted(params)})")
    return params["code"][0]


def code_grant_form(code: str, verifier: str) -> dict[str, str]:
    """The docs site's token request for ``code`` (authorization code grant, RFC 6749 §4.1.3, with the PKCE
    ``code_verifier`` of RFC 7636 §4.5), as form fields."""
    return {"grant_type": "authorization_code", "client_id": CLIENT_ID, "code": code, "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier}


def refresh_grant_form(refresh_token: str) -> dict[str, str]:
    """The docs site's refresh request (RFC 6749 §6), as form fields."""
    return {"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": refresh_token}


def pkce() -> tuple[str, str]:
    """A PKCE verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    return verifier, base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorization_query(challenge: str, state: str, **extra: str) -> str:
    """The docs site's authorization request (code flow, PKCE S256) as a query string; ``extra`` adds parameters
    (e.g. prompt="login")."""
    return urlencode({
        "client_id": CLIENT_ID, "response_type": "code", "scope": "openid", "redirect_uri": REDIRECT_URI,
        "state": state, "nonce": secrets.token_urlsafe(16), "code_challenge": challenge,
        "code_challenge_method": "S256", **extra,
    })


def next_hop(response: httpx.Response, hops: int) -> str | None:
    """Where a browser goes after ``response``: the absolute URL of its redirect (``Location`` resolved against the
    request's URL, RFC 9110 §10.2.2), or None for a page, or for the redirect back to the docs site (REDIRECT_URI),
    which the flow reads itself. ``hops``: the redirects this step has followed already. Raises
    httpx.TooManyRedirects when they reach MAX_REDIRECTS (a loop); its message names the path, not the query (an
    action token's URL carries the token)."""
    if not response.is_redirect:
        return None
    location = urljoin(str(response.request.url), response.headers["location"])
    if location.startswith(REDIRECT_URI):
        return None
    if hops >= MAX_REDIRECTS:
        path = urlsplit(location)._replace(query="", fragment="").geturl()
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects, the last to {path}",
                                     request=response.request)
    return location


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


class MailCatcher:
    """The mail catcher's REST API (MailDev: GET /email lists every mail kept, newest last)."""

    def __init__(self, url: str = MAIL_WEB_URL) -> None:
        self.url = url

    def mails_to(self, address: str) -> list[dict[str, Any]]:
        r = httpx.get(f"{self.url}/email", timeout=10)
        r.raise_for_status()
        return [m for m in r.json() if any(to["address"].lower() == address.lower() for to in m["to"])]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30) -> list[dict[str, Any]]:
        """Waits until at least ``count`` mails to ``address`` have arrived; returns them, oldest first."""
        deadline = time.monotonic() + timeout
        while True:
            mails = self.mails_to(address)
            if len(mails) >= count or time.monotonic() > deadline:
                # The local part alone: a whole address in a test log is what the log scan of make test looks for.
                assert len(mails) >= count, f"{len(mails)} of {count} mail(s) to the mailbox {address.split('@')[0]!r} arrived in {timeout:.0f} s"
                return mails
            time.sleep(0.2)


def mail_link(mail: dict[str, Any], path: str) -> str:
    """The one link of a mail whose URL contains ``path`` (e.g. "/login-actions/action-token"), unescaped."""
    links = {html.unescape(u) for u in re.findall(r'href="([^"]+)"', mail.get("html") or "") if path in u}
    assert len(links) == 1, f"expected one {path} link in the mail {mail.get('subject')!r}, found {len(links)}"
    return links.pop()


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    id_token: str


class Reader:
    """``keycloak_url`` is Keycloak's public URL. ``client`` may bind a source address or trust a CA;
    ``node_url`` sends every request for the public URL to one node instead (same paths, same cookies); ``mail`` is
    the mail catcher Keycloak sends to (default: MAIL_WEB_URL's)."""

    def __init__(self, keycloak_url: str, realm: str = "docs", *, client: httpx.Client | None = None,
                 node_url: str | None = None, mail: MailCatcher | None = None) -> None:
        self.public_url = keycloak_url
        self.node_url = node_url
        self.realm_url = f"{keycloak_url}/realms/{realm}"
        self.http = client or httpx.Client(timeout=30)
        self.http.follow_redirects = False
        self.jar = CookieJar()
        self.mail = mail or MailCatcher()
        self.dpop = DPoPKey()
        self.email = f"reader-{uuid.uuid4().hex[:12]}@example.org"
        self.password = PASSWORD
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
        headers = {**self.jar.header(), **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        response = self.http.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
        self.jar.absorb(response)
        secrets_seen.response(response)
        return response

    def _browse(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """Follows redirects until a page, or until the redirect back to the docs site; at most MAX_REDIRECTS
        (next_hop)."""
        response = self.request(method, url, **kwargs)
        hops = 0
        while (location := next_hop(response, hops)) is not None:
            hops += 1
            response = self.request("GET", location)
        return response

    def _authorize(self, endpoint: str, **extra: str) -> tuple[httpx.Response, str, str]:
        verifier, challenge = pkce()
        state = secrets.token_urlsafe(16)
        query = authorization_query(challenge, state, **extra)
        return self._browse("GET", f"{self.realm_url}/protocol/openid-connect/{endpoint}?{query}"), verifier, state

    def _finish(self, response: httpx.Response, verifier: str, state: str) -> Tokens:
        return self.exchange(callback_code(response, state), verifier)

    def _token_request(self, data: dict[str, str]) -> httpx.Response:
        url = f"{self.realm_url}/protocol/openid-connect/token"
        # htu is the URL the request goes to: Keycloak checks it against the URL it was reached at (the public one
        # through the proxy, whose X-Forwarded-* it trusts; a node's own when a test goes to one node directly).
        return self.request("POST", url, data=data, headers={"DPoP": self.dpop.proof("POST", self._route(url))})

    def exchange(self, code: str, verifier: str) -> Tokens:
        r = self._token_request(code_grant_form(code, verifier))
        r.raise_for_status()
        body = r.json()
        return Tokens(body["access_token"], body["refresh_token"], body["id_token"])

    def sign_up(self, **background: str | None) -> Tokens:
        """Keycloak's sign-up as a reader goes through it: the form (address, names, background), then, with the
        realm's e-mail verification on, the mailed link and the password chosen after it (Keycloak 26.7 asks for
        the password only once the address is confirmed; with verification off, on the form itself)."""
        page, verifier, state = self._authorize("registrations")
        assert page.status_code == 200, page.text[:2000]
        action = form_action(page.text, "kc-register-form")
        # The consent box is ticked unless the test says otherwise (personalizationConsent=None: left unticked).
        fields = {"email": self.email, "firstName": "Ada", "lastName": "Reader", "personalizationConsent": "true",
                  **background, **proof_of_work(page.text)}
        fields = {name: value for name, value in fields.items() if value is not None}
        if 'name="password"' in page.text:
            fields.update({"password": self.password, "password-confirm": self.password})
        answer = self._browse("POST", action, data=fields)
        if not answer.is_redirect and "execution=VERIFY_EMAIL" in answer.text:  # "verify your e-mail address"
            answer = self.verify_email()
        return self._finish(answer, verifier, state)

    def verify_email(self) -> httpx.Response:
        """Opens the newest verification link mailed to the reader, in this reader's browser (its cookies), as a
        reader who clicks it does, and chooses the password if Keycloak asks for it then; returns where it leads
        (the redirect back to the docs site, when the sign-up or sign-in that asked for it is still open)."""
        mail = self.mail.wait_for(self.email)[-1]
        answer = self._browse("GET", mail_link(mail, "/login-actions/action-token"))
        if not answer.is_redirect and 'id="kc-passwd-update-form"' in answer.text:
            answer = self.choose_password(answer)
        return answer

    def choose_password(self, page: httpx.Response, password: str | None = None) -> httpx.Response:
        """Fills Keycloak's "update password" page (after a verification or a reset link) with ``password``
        (default: the reader's) and returns where it leads."""
        self.password = password or self.password
        action = form_action(page.text, "kc-passwd-update-form")
        return self._browse("POST", action, data={"password-new": self.password, "password-confirm": self.password})

    def sign_in(self) -> Tokens:
        page, verifier, state = self._authorize("auth")
        if page.is_redirect:  # the SSO session is still there: no form
            return self._finish(page, verifier, state)
        action = form_action(page.text, "kc-form-login")
        return self._finish(self._browse("POST", action, data={
            "username": self.email, "password": self.password, **proof_of_work(page.text)}), verifier, state)

    def reset_form(self) -> str:
        """The URL the "Forgot password?" form posts to, reached from the sign-in page as a reader does (the
        sign-in page is asked for even with a session open)."""
        page, _, _ = self._authorize("auth", prompt="login")
        reset = re.search(r'href="([^"]*/login-actions/reset-credentials[^"]*)"', page.text)
        assert reset, "no \"Forgot password?\" link on the sign-in page"
        form = self._browse("GET", urljoin(str(page.request.url), html.unescape(reset.group(1))))
        return form_action(form.text, "kc-reset-password-form")

    def submit(self, action: str, fields: dict[str, str]) -> httpx.Response:
        """Posts a hosted page's form to ``action``; returns the page that answers, redirects followed."""
        return self._browse("POST", action, data=fields)

    def request_password_reset(self, email: str | None = None) -> str:
        """"Forgot password?" from the sign-in page, for ``email`` (default: the reader's); returns the page that
        answers (the sign-in page with its message)."""
        return self.submit(self.reset_form(), {"username": email or self.email}).text

    def sign_in_refused(self, password: str) -> str:
        """Posts a wrong password; returns the page that comes back (the form again, with its error)."""
        page, _, _ = self._authorize("auth")
        action = form_action(page.text, "kc-form-login")
        answer = self._browse("POST", action, data={
            "username": self.email, "password": password, **proof_of_work(page.text)})
        assert answer.status_code == 200 and not answer.is_redirect, f"signed in with {password!r}?"
        return answer.text

    def refresh(self, tokens: Tokens) -> Tokens:
        r = self._token_request(refresh_grant_form(tokens.refresh_token))
        r.raise_for_status()
        body = r.json()
        return Tokens(body["access_token"], body["refresh_token"], body.get("id_token", tokens.id_token))

    def sign_out(self, tokens: Tokens) -> None:
        """Ends the Keycloak session as the docs site's sign-out does: RP-initiated logout with ``id_token_hint``
        (no confirmation page), in the reader's browser. Not the back-channel POST with the refresh token: Keycloak
        26.7 checks a DPoP proof for a bound refresh token at its token endpoint alone, and refuses one there."""
        post_logout = REDIRECT_URI.removesuffix("/auth/callback") + "/"
        r = self.request("GET", f"{self.realm_url}/protocol/openid-connect/logout", params={
            "client_id": CLIENT_ID, "id_token_hint": tokens.id_token, "post_logout_redirect_uri": post_logout})
        assert r.is_redirect and r.headers["location"].startswith(post_logout), f"{r.status_code}: {r.text[:500]}"
