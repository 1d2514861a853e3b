"""docs_testkit.admin: the development admin's credentials come from one place, overridable by the environment."""

from __future__ import annotations

import pytest
import stack
from docs_testkit import admin


def test_the_credentials_are_the_launchers_development_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KC_BOOTSTRAP_ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("KC_BOOTSTRAP_ADMIN_PASSWORD", raising=False)

    assert admin.credentials() == stack.DEV_ADMIN


def test_the_environment_names_another_admin_as_the_launcher_hands_it_to_keycloak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KC_BOOTSTRAP_ADMIN_USERNAME", "operator")
    monkeypatch.setenv("KC_BOOTSTRAP_ADMIN_PASSWORD", "a long one")

    assert admin.credentials() == ("operator", "a long one")
    assert admin.password_grant() == {"grant_type": "password", "client_id": "admin-cli", "username": "operator",
                                      "password": "a long one"}


def test_the_api_client_speaks_to_one_realms_admin_api_with_the_token() -> None:
    with admin.api_client("http://kc:8080", "t0ken", realm="master") as client:
        assert str(client.base_url) == "http://kc:8080/admin/realms/master/"
        assert client.headers["Authorization"] == "Bearer t0ken"
