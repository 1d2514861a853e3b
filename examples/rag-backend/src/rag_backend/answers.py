"""A stand-in for retrieval and generation: pick the closest doc passage, then shape it for the reader.

The shaping is the point of the example: the same question gets a gentle, step-by-step answer for a beginner, a
direct one for an intermediate reader, and a terse one with internals and references for an advanced reader.
A reader whose token carries no level (they did not consent to personalisation, so Keycloak leaves the background
claims out: docs/contracts.md, "Data rights") or an unknown one gets the generic answer, and ``experience_level``
``None``: nothing is guessed about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Passage:
    title: str
    path: str
    keywords: frozenset[str]
    plain: str  # for beginners: no jargon
    steps: tuple[str, ...]  # for beginners: what to do
    summary: str  # for everyone past beginner
    internals: str  # for advanced readers


CORPUS: tuple[Passage, ...] = (
    Passage(
        title="Signing in",
        path="/docs/sign-in",
        keywords=frozenset({"sign", "signin", "login", "log", "password", "account", "session", "logout"}),
        plain="Signing in proves who you are, so the site can remember your settings.",
        steps=("Click \"Sign in\" at the top of the page.", "Enter your email and password.",
               "You come back to the page you were reading."),
        summary="The site redirects you to Keycloak, which checks your password and sends you back signed in.",
        internals="OIDC authorization code flow with PKCE S256; Keycloak's SSO session lasts 7 days idle, "
                  "access tokens 5 minutes, renewed silently with the refresh token.",
    ),
    Passage(
        title="Access tokens",
        path="/docs/tokens",
        keywords=frozenset({"token", "tokens", "jwt", "bearer", "api", "claims", "audience", "expire", "expiry"}),
        plain="A token is like a short-lived visitor badge that lets the chatbot know it is you.",
        steps=("Sign in once.", "The site attaches your badge to each question it sends.",
               "When the badge expires the site quietly gets a new one."),
        summary="The docs site sends a Keycloak access token with each API call; the API checks it locally.",
        internals="RS256 JWT; the API verifies signature against the realm JWKS (cached, refetched on an unknown "
                  "kid at most once per interval), iss, aud=rag-api, exp/nbf/iat with 30 s leeway.",
    ),
    Passage(
        title="Your background",
        path="/docs/profile",
        keywords=frozenset({"profile", "background", "experience", "level", "role", "organization", "personalise",
                            "personalize", "change"}),
        plain="When you sign up you tell us how much experience you have, so answers match what you know.",
        steps=("Open your account page.", "Change your experience level or role.",
               "Your next answers follow the new choice."),
        summary="Your experience level and role come from your Keycloak profile and travel in the token.",
        internals="Declarative user profile attributes mapped to claims by the `background` client scope; "
                  "roleOther is validated by the required-when validator and dropped unless role is other.",
    ),
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def retrieve(query: str) -> Passage:
    """The passage sharing the most words with the query (the first one on a tie)."""
    words = _words(query)
    return max(CORPUS, key=lambda p: len(p.keywords & words))


def level_of(claim: str | None) -> Level | None:
    """The level the answer follows: the claim when it is one of ``LEVELS``, else ``None`` (generic answer)."""
    return claim if claim in LEVELS else None


def answer(query: str, experience_level: str | None) -> dict[str, object]:
    """The answer to show the reader: ``{"answer": str, "experience_level": level or None, "sources": [{"title",
    "path"}]}``; without a known level the generic answer (the passage's summary and where to read more). The
    query itself is never echoed (the client renders text, not HTML)."""
    passage = retrieve(query)
    level = level_of(experience_level)
    if level == "beginner":
        steps = " ".join(f"{i}. {step}" for i, step in enumerate(passage.steps, 1))
        text = f"{passage.plain} Here is how: {steps}"
    elif level == "advanced":
        text = f"{passage.summary} Internals: {passage.internals}"
    else:  # intermediate, and the generic answer
        text = f"{passage.summary} See {passage.title} ({passage.path}) for details."
    return {
        "answer": text,
        "experience_level": level,
        "sources": [{"title": passage.title, "path": passage.path}],
    }
