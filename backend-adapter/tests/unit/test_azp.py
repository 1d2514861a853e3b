"""The optional allow-list of authorized parties (azp)."""

from typing import Callable

from docs_auth import UnauthorizedParty

from .conftest import Env, Key, assert_invalid_token, claims, make_token


def test_azp_allow_list(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(allowed_azp=["docs-site"])
    assert env.get("/me", make_token(rsa_key)).status_code == 200
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(azp="admin-cli"))), UnauthorizedParty.description)
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(azp=None))), UnauthorizedParty.description)
    assert env.count("wrong_azp") == 2


def test_no_allow_list_accepts_any_azp(env: Env, rsa_key: Key) -> None:
    assert env.get("/me", make_token(rsa_key, claims(azp="admin-cli"))).status_code == 200
