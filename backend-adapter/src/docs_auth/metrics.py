"""Prometheus counters. Labels take a fixed set of values: never a kid, sub or client id."""

from __future__ import annotations

import weakref

from prometheus_client import REGISTRY, CollectorRegistry, Counter

from .errors import TOKEN_ERRORS

ACCEPTED = "accepted"
MISSING_TOKEN = "missing_token"
TOKEN_IN_QUERY = "token_in_query"
OUTCOMES: tuple[str, ...] = (ACCEPTED, MISSING_TOKEN, TOKEN_IN_QUERY, *(e.reason for e in TOKEN_ERRORS))
FETCH_OUTCOMES: tuple[str, ...] = ("ok", "error")


class AuthMetrics:
    """One set of counters per registry (Prometheus refuses to register a name twice)."""

    _by_registry: weakref.WeakKeyDictionary[CollectorRegistry, AuthMetrics] = weakref.WeakKeyDictionary()

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.validations = Counter(
            "docs_auth_token_validations",
            "Bearer token checks by outcome: accepted or the refusal reason.",
            ["outcome"],
            registry=registry,
        )
        self.jwks_fetches = Counter(
            "docs_auth_jwks_fetches",
            "Fetches of the realm's signing keys by outcome.",
            ["outcome"],
            registry=registry,
        )
        # Every series exists from the start (rate() sees zeros, not gaps), and the
        # children are bound once: a label lookup per request is measurable.
        self._outcomes = {outcome: self.validations.labels(outcome=outcome) for outcome in OUTCOMES}
        self._fetches = {outcome: self.jwks_fetches.labels(outcome=outcome) for outcome in FETCH_OUTCOMES}

    @classmethod
    def for_registry(cls, registry: CollectorRegistry | None = None) -> AuthMetrics:
        registry = REGISTRY if registry is None else registry
        metrics = cls._by_registry.get(registry)
        if metrics is None:
            metrics = cls._by_registry[registry] = cls(registry)
        return metrics

    def outcome(self, outcome: str) -> None:
        counter = self._outcomes.get(outcome)
        if counter is None:
            raise ValueError(f"unknown outcome {outcome!r}")
        counter.inc()

    def jwks_fetch(self, outcome: str) -> None:
        self._fetches[outcome].inc()
