"""docs_testkit.admin against the running stack of `make test` (KEYCLOAK_URL): the admin client outlives its token.

Run by scripts/test.sh with the Python integration tests; a missing KEYCLOAK_URL is an error, not a skip.
"""

from __future__ import annotations

import os

import pytest
from docs_testkit.admin import admin_client, credentials


@pytest.fixture
def keycloak_url() -> str:
    url = os.environ.get("KEYCLOAK_URL")
    if not url:
        pytest.fail("KEYCLOAK_URL is not set: run these tests through `make test` (scripts/test.sh)", pytrace=False)
    return url.rstrip("/")


def test_the_admin_client_goes_on_after_keycloak_ends_the_admins_session(keycloak_url: str) -> None:
    with admin_client(keycloak_url) as docs:
        assert docs.get("/users", params={"max": 1}).status_code == 200
        # The development admin signed out everywhere (Keycloak's "sign out" of a user): the token the client holds
        # is refused from now on, as one that has outlived its minute is.
        with admin_client(keycloak_url, realm="master") as master:
            [me] = master.get("/users", params={"username": credentials()[0], "exact": "true"}).json()
            assert master.post(f"/users/{me['id']}/logout").status_code == 204

        again = docs.get("/users", params={"max": 1})

        assert again.status_code == 200, f"the admin API answered {again.status_code} after the admin's sign-out"
