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
    ("beginner", "beginner"), ("advanced", "advanced"), (None, "intermediate"), ("wizard", "intermediate")])
def test_unknown_or_missing_levels_get_the_middle_style(claim: str | None, level: str) -> None:
    assert level_of(claim) == level


def test_each_level_reads_differently() -> None:
    texts = {level: str(answer("tokens", level)["answer"]) for level in ("beginner", "intermediate", "advanced")}

    assert len(set(texts.values())) == 3
    assert texts["beginner"].count(". ") >= 3 and "1. " in texts["beginner"]
    assert "/docs/tokens" in texts["intermediate"]
    assert "Internals:" in texts["advanced"] and "kid" in texts["advanced"]


def test_the_question_is_never_echoed() -> None:
    assert "<script>" not in str(answer("<script>alert(1)</script> tokens", "beginner"))
