"""The answer shaping of the stand-in chatbot (the API around it is tested against the real stack in
backend-adapter/tests/integration)."""

from __future__ import annotations

import pytest

from rag_backend.answers import CORPUS, answer, level_of, retrieve


def test_the_closest_passage_wins() -> None:
    assert retrieve("when does my bearer token expire").path == "/docs/tokens"
    assert retrieve("how do I change my experience level").path == "/docs/profile"
    assert retrieve("I forgot my password").path == "/docs/sign-in"


def test_a_question_matching_nothing_gets_the_first_passage() -> None:
    assert retrieve("qwerty") == CORPUS[0]


@pytest.mark.parametrize("claim, level", [
    ("beginner", "beginner"), ("intermediate", "intermediate"), ("advanced", "advanced"), (None, None),
    ("wizard", None)])
def test_unknown_or_missing_levels_follow_no_level(claim: str | None, level: str | None) -> None:
    assert level_of(claim) == level


@pytest.mark.parametrize("claim", [None, "wizard"])
def test_without_a_level_the_answer_is_generic_and_says_so(claim: str | None) -> None:
    """No background claims (no consent): the answer guesses nothing about the reader."""
    generic = answer("How do access tokens expire?", claim)

    assert generic["experience_level"] is None
    assert generic["answer"] == ("The docs site sends a Keycloak access token with each API call; the API checks it "
                                 "locally. See Access tokens (/docs/tokens) for details.")
    assert generic["answer"] != answer("How do access tokens expire?", "beginner")["answer"]
    assert generic["answer"] != answer("How do access tokens expire?", "advanced")["answer"]


def test_each_level_reads_differently() -> None:
    texts = {level: str(answer("tokens", level)["answer"]) for level in ("beginner", "intermediate", "advanced")}

    assert len(set(texts.values())) == 3
    assert texts["beginner"].count(". ") >= 3 and "1. " in texts["beginner"]
    assert "/docs/tokens" in texts["intermediate"]
    assert "Internals:" in texts["advanced"] and "kid" in texts["advanced"]


def test_the_question_is_never_echoed() -> None:
    assert "<script>" not in str(answer("<script>alert(1)</script> tokens", "beginner"))
