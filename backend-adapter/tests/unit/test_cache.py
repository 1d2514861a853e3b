"""The verified-token cache: bounded, never past exp, cleared on key change."""

import time
from typing import Callable

import pytest

from docs_auth import BadSignature, User
from docs_auth.cache import ExpiringLru

from .conftest import Env, FakeClock, Key, assert_invalid_token, claims, make_token


def test_lru_is_bounded_and_evicts_least_recently_used() -> None:
    clock = FakeClock(0.0)
    cache: ExpiringLru[str] = ExpiringLru(2, clock=clock)
    cache.put("a", "A", 100)
    cache.put("b", "B", 100)
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("c", "C", 100)
    assert len(cache) == 2
    assert cache.get("b") is None
    assert cache.get("a") == "A" and cache.get("c") == "C"


def test_lru_never_returns_an_expired_entry() -> None:
    clock = FakeClock(0.0)
    cache: ExpiringLru[str] = ExpiringLru(8, clock=clock)
    cache.put("a", "A", 10)
    clock.advance(9.999)
    assert cache.get("a") == "A"
    clock.advance(0.001)
    assert cache.get("a") is None
    assert len(cache) == 0
    cache.put("b", "B", 5)  # already past: not stored
    assert len(cache) == 0


def test_lru_size_zero_disables_and_negative_is_refused() -> None:
    cache: ExpiringLru[str] = ExpiringLru(0)
    cache.put("a", "A", time.time() + 100)
    assert cache.get("a") is None
    with pytest.raises(ValueError):
        ExpiringLru(-1)


def _count_verifications(env: Env, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = env.validator._verify

    async def spy(token: str) -> User:
        calls.append(token)
        return await real(token)

    monkeypatch.setattr(env.validator, "_verify", spy)
    return calls


def test_repeated_token_is_verified_once(env: Env, rsa_key: Key, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_verifications(env, monkeypatch)
    token = make_token(rsa_key)
    for _ in range(3):
        assert env.get("/me", token).json()["sub"] == "7f1c-user"
    assert len(calls) == 1
    assert env.count("accepted") == 3  # hits still count as accepted


def test_cache_is_bounded(make_env: Callable[..., Env], rsa_key: Key) -> None:
    env = make_env(token_cache_size=3)
    for _ in range(5):
        env.get("/me", make_token(rsa_key))
    assert len(env.validator.cache) == 3


def test_cached_user_is_not_served_past_exp(
    make_env: Callable[..., Env], rsa_key: Key, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(time.time())
    env = make_env(clock=clock)
    calls = _count_verifications(env, monkeypatch)
    token = make_token(rsa_key, claims(exp=int(clock.now) + 60))
    env.get("/me", token)
    clock.advance(59)
    env.get("/me", token)
    assert len(calls) == 1
    clock.advance(1)  # at exp: the cache lets go and the full check runs again
    env.get("/me", token)
    assert len(calls) == 2


def test_cache_is_cleared_when_the_key_set_changes(env: Env, rsa_key: Key, rsa_key2: Key) -> None:
    token = make_token(rsa_key)
    assert env.get("/me", token).status_code == 200
    assert len(env.validator.cache) == 1
    env.keycloak.jwks = [rsa_key.jwk(), rsa_key2.jwk()]
    env.monotonic.advance(300)
    assert env.get("/me", make_token(rsa_key2)).status_code == 200
    assert len(env.validator.cache) == 1  # only the new token: the old entry was dropped


def test_cache_survives_an_unchanged_refetch(env: Env, rsa_key: Key) -> None:
    env.get("/me", make_token(rsa_key))
    env.monotonic.advance(300)
    env.get("/me", make_token(rsa_key))
    assert len(env.validator.cache) == 2


def test_refused_tokens_are_not_cached(env: Env, rsa_key: Key) -> None:
    env.get("/me", make_token(rsa_key, claims(typ="ID")))
    assert len(env.validator.cache) == 0


def test_a_hit_needs_the_very_same_token(env: Env, rsa_key: Key, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_verifications(env, monkeypatch)
    token = make_token(rsa_key)
    assert env.get("/me", token).status_code == 200
    head, _, signature = token.rpartition(".")
    forged = f"{head}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}"
    assert_invalid_token(env.get("/me", forged), BadSignature.description)
    assert len(calls) == 2  # the changed token went through the whole check
    assert len(env.validator.cache) == 1
