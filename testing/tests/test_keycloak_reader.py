"""docs_testkit.keycloak_reader's pure parts and its redirect follower, against a tiny local HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from docs_testkit import keycloak_reader
from docs_testkit.keycloak_reader import (
    MAX_REDIRECTS, REDIRECT_URI, FlowError, FormNotFound, Reader, callback_code, code_grant_form, form_action)

# Far more redirects than any limit: a follower without one ends on the page served after them, and the test sees it.
LOOP_LENGTH = 200


class Redirects(BaseHTTPRequestHandler):
    """GET or POST /loop/N redirects to /loop/N+1 until LOOP_LENGTH, then serves a page; /chain/N redirects N times
    before its page; /back redirects to the docs site's callback."""

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        kind, _, count = self.path.strip("/").partition("/")
        n = int(count or 0)
        if kind == "back":
            self.answer(302, {"Location": f"{REDIRECT_URI}?state=s&code=c"})
        elif kind == "loop" and n < LOOP_LENGTH:
            self.answer(302, {"Location": f"/loop/{n + 1}"})
        elif kind == "chain" and n > 0:
            self.answer(302, {"Location": f"/chain/{n - 1}"})
        else:
            self.answer(200, {"Content-Type": "text/html"}, b"<p>a page</p>")

    do_POST = do_GET

    def answer(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirects)
    httpd.paths = []  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def reader(server: ThreadingHTTPServer) -> Iterator[Reader]:
    r = Reader(f"http://127.0.0.1:{server.server_address[1]}")
    yield r
    r.close()


def url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_a_redirect_loop_ends_in_too_many_redirects_after_the_limit(server, reader) -> None:
    with pytest.raises(httpx.TooManyRedirects, match=f"more than {MAX_REDIRECTS} redirects, the last to .*/loop/"):
        reader.submit(url(server, "/loop/0"), {})

    assert len(server.paths) == MAX_REDIRECTS + 1  # the POST and MAX_REDIRECTS redirects followed, no more


def test_a_chain_of_as_many_redirects_as_the_limit_is_followed_to_its_page(server, reader) -> None:
    page = reader.submit(url(server, f"/chain/{MAX_REDIRECTS}"), {})

    assert page.status_code == 200 and page.text == "<p>a page</p>"
    assert len(server.paths) == MAX_REDIRECTS + 1


def test_the_redirect_back_to_the_docs_site_is_returned_not_followed(server, reader) -> None:
    answer = reader.submit(url(server, "/back"), {})

    assert answer.status_code == 302 and callback_code(answer, "s") == "c"
    assert server.paths == ["/back"]


def test_the_loop_message_names_the_path_and_not_the_query() -> None:
    request = httpx.Request("GET", "http://kc/realms/docs/login-actions/action-token?key=the-action-token")
    response = httpx.Response(302, headers={"Location": "/realms/docs/login-actions/action-token?key=the-action-token"},
                              request=request)

    with pytest.raises(httpx.TooManyRedirects) as refused:
        keycloak_reader.next_hop(response, MAX_REDIRECTS)

    assert "/realms/docs/login-actions/action-token" in str(refused.value)
    assert "the-action-token" not in str(refused.value)


def test_callback_code_refuses_a_page_another_state_or_no_code() -> None:
    request = httpx.Request("GET", "http://kc/realms/docs/protocol/openid-connect/auth")

    with pytest.raises(FlowError, match="got 200"):
        callback_code(httpx.Response(200, text="<p>an error page</p>", request=request), "s")
    with pytest.raises(FlowError, match="another state or no code") as refused:
        callback_code(httpx.Response(302, headers={"Location": f"{REDIRECT_URI}?state=t&code=the-code"},
                                     request=request), "s")
    assert "the-code" not in str(refused.value)
    with pytest.raises(FlowError, match="another state or no code"):
        callback_code(httpx.Response(302, headers={"Location": f"{REDIRECT_URI}?state=s&error=access_denied"},
                                     request=request), "s")


def test_the_code_grant_is_the_docs_sites_with_its_verifier() -> None:
    assert code_grant_form("c", "v") == {"grant_type": "authorization_code", "client_id": "docs-site", "code": "c",
                                         "redirect_uri": REDIRECT_URI, "code_verifier": "v"}


def test_form_action_finds_the_form_by_id_or_says_which_is_missing() -> None:
    page = '<form id="other" action="/x"></form><form class="f" id="kc-form-login" action="/a?b=1&amp;c=2">'
    assert form_action(page, "kc-form-login") == "/a?b=1&c=2"
    with pytest.raises(FormNotFound, match="no form #kc-register-form"):
        form_action(page, "kc-register-form")
