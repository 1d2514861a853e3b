"""The master realm (the admins' realm) after deploy/keycloak/secure-master-realm.sh, run by the deployment fixture
as compose runs it before the proxy opens: brute-force detection, and a second factor for every admin, in the
browser and for the password grant. Through the proxy from the operators' address (127.0.0.1) where a browser
would go; straight to the node for the password grant, as kcadm.sh inside the network would."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from urllib.parse import urljoin

import httpx
import pytest
from docs_testkit.keycloak_reader import CookieJar, form_action, pkce

from .conftest import admin_client, client
from .deployment import PUBLIC_URL, Deployment, stack

MASTER = f"{PUBLIC_URL}/realms/master"
CONSOLE = f"{PUBLIC_URL}/admin/master/console/"
SETTINGS = stack.master_realm_settings()


class AdminBrowser:
    """Keycloak's admin console signing in to the master realm (code flow, PKCE) through the proxy."""

    def __init__(self, deployment: Deployment) -> None:
        self.http = client(deployment)
        self.jar = CookieJar()

    def __enter__(self) -> AdminBrowser:
        return self

    def __exit__(self, *_: object) -> None:
        self.http.close()

    def go(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """The request, then Keycloak's redirects followed until a page or the redirect back to the console."""
        response = self.http.request(method, url, headers=self.jar.header(), **kwargs)  # type: ignore[arg-type]
        self.jar.absorb(response)
        while response.is_redirect and not response.headers["location"].startswith(CONSOLE):
            response = self.http.get(urljoin(str(response.url), response.headers["location"]), headers=self.jar.header())
            self.jar.absorb(response)
        return response

    def sign_in_page(self) -> httpx.Response:
        _, challenge = pkce()
        return self.go("GET", f"{MASTER}/protocol/openid-connect/auth", params={
            "client_id": "security-admin-console", "redirect_uri": CONSOLE, "response_type": "code",
            "scope": "openid", "state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
            "code_challenge": challenge, "code_challenge_method": "S256"})

    def post_password(self, page: httpx.Response, username: str, password: str) -> httpx.Response:
        return self.go("POST", form_action(page.text, "kc-form-login"),
                       data={"username": username, "password": password})


def test_the_set_up_turns_on_brute_force_detection_in_the_master_realm(deployment: Deployment) -> None:
    with admin_client(deployment.nodes[0].url, realm="master") as admin:
        realm = admin.get("").json()

    assert realm["bruteForceProtected"] is True
    brute_force = {name: SETTINGS[name] for name in stack.BRUTE_FORCE_FIELDS if name in SETTINGS}
    assert {name: realm[name] for name in brute_force} == brute_force


@pytest.fixture
def master_user(deployment: Deployment) -> Iterator[tuple[str, str, str]]:
    """An account of the master realm with a password and nothing else: (id, username, password); deleted after."""
    username, password = f"admin-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(16)
    with admin_client(deployment.nodes[0].url, realm="master") as admin:
        created = admin.post("/users", json={"username": username, "enabled": True, "credentials": [
            {"type": "password", "value": password, "temporary": False}]})
        assert created.status_code == 201, created.text
        user_id = created.headers["location"].rsplit("/", 1)[-1]
        try:
            yield user_id, username, password
        finally:
            admin.delete(f"/users/{user_id}")


def test_wrong_passwords_lock_an_admin_out(deployment: Deployment, master_user: tuple[str, str, str]) -> None:
    user_id, username, password = master_user
    with AdminBrowser(deployment) as browser:
        page = browser.sign_in_page()
        for _ in range(SETTINGS["failureFactor"]):
            page = browser.post_password(page, username, "not the password")
            assert page.status_code == 200 and not page.is_redirect
        after = browser.post_password(page, username, password)  # the right one, too late
    with admin_client(deployment.nodes[0].url, realm="master") as admin:
        locked = admin.get(f"/attack-detection/brute-force/users/{user_id}").json()

    assert locked["disabled"] is True
    assert after.status_code == 200 and "kc-form-login" in after.text  # the form again: not signed in


def test_an_admin_signing_in_is_made_to_set_up_an_authenticator_app(deployment: Deployment) -> None:
    with AdminBrowser(deployment) as browser:
        after_password = browser.post_password(browser.sign_in_page(), *stack.DEV_ADMIN)

    assert not after_password.is_redirect, "signed in to the console with a password alone"
    form_action(after_password.text, "kc-totp-settings-form")  # Keycloak's CONFIGURE_TOTP page


def test_a_password_alone_gets_no_admin_token(deployment: Deployment, master_user: tuple[str, str, str]) -> None:
    # The password grant (kcadm.sh --user, admin-cli) would skip the second factor of an admin without one yet.
    _, username, password = master_user
    r = httpx.post(f"{deployment.nodes[0].url}/realms/master/protocol/openid-connect/token", timeout=30, data={
        "grant_type": "password", "client_id": "admin-cli", "username": username, "password": password})

    assert r.status_code == 400 and "access_token" not in r.text
    assert r.json()["error"] == "invalid_grant"  # Keycloak's reject-ropc-grant executor


def test_the_set_up_runs_again_without_change(deployment: Deployment) -> None:
    again = deployment.secure_master_realm(deployment.nodes[0])

    assert again.returncode == 0, again.stdout + again.stderr
    assert "copied" not in again.stdout  # the flow of the first run is kept, not copied twice
    with admin_client(deployment.nodes[0].url, realm="master") as admin:
        aliases = [f["alias"] for f in admin.get("/authentication/flows").json()]
        steps = admin.get(f"/authentication/flows/{SETTINGS['browserFlow']}/executions").json()
    assert aliases.count(SETTINGS["browserFlow"]) == 1
    # Keycloak's order kept: the password form, then the second factor, the OTP form after the conditions.
    names = [s["displayName"].removeprefix(f"{SETTINGS['browserFlow']} ") for s in steps]
    assert names.index("Username Password Form") < names.index("Browser - Conditional 2FA") < names.index("OTP Form")
    assert {s["displayName"]: s["requirement"] for s in steps if s["displayName"] == "OTP Form"} == \
        {"OTP Form": "REQUIRED"}


def test_once_keycloak_refuses_the_bootstrap_service_account_the_set_up_has_nothing_to_do(
        deployment: Deployment) -> None:
    # As after the operators deleted it: Keycloak answers invalid_client for a client gone or a secret changed.
    refused = deployment.secure_master_realm(deployment.nodes[0], KC_BOOTSTRAP_ADMIN_CLIENT_SECRET="not-the-secret")

    assert refused.returncode == 0, refused.stdout + refused.stderr
    assert "nothing to do" in refused.stdout
