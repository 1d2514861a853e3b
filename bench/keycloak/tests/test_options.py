"""The Keycloak benchmark's command line (options.py): the counts of a full run and of --quick, what the command
line overrides, and the refusal of a scenario or a comparison it does not know.

Run: build/py/bin/python -m pytest bench/keycloak/tests -q
"""

from __future__ import annotations


import pytest

import stack
from options import COMPARISONS, FULL, JAVA_ARGON2, QUICK, SCENARIOS, parse_args, parser


def counts(args) -> dict:
    return {k: getattr(args, k) for k in FULL}


def test_without_options_the_run_is_the_full_one():
    args = parse_args([])
    assert counts(args) == FULL == dict(starts=2, rounds=2, users=10000, sessions=1000, searches=40, seconds=7,
                                        wrk_seconds=4)
    assert not (args.quick or args.fresh or args.seed_only or args.search_only)
    assert (args.only, args.compare, args.compare_starts, args.soak) == (None, None, 6, None)


def test_quick_makes_the_counts_small_and_a_count_given_wins_over_both():
    assert counts(parse_args(["--quick"])) == QUICK
    assert QUICK["users"] < FULL["users"] and QUICK["starts"] == 1
    args = parse_args(["--quick", "--rounds", "4", "--wrk-seconds", "2.5"])
    assert counts(args) == {**QUICK, "rounds": 4, "wrk_seconds": 2.5}
    assert counts(parse_args(["--users", "500"])) == {**FULL, "users": 500}


def test_only_takes_the_scenarios_by_name():
    assert parse_args(["--only", "refresh", "sign-in"]).only == ["refresh", "sign-in"]
    assert parse_args(["--only", *SCENARIOS]).only == list(SCENARIOS)


@pytest.mark.parametrize("argv, named", [
    (["--only", "sign-on"], "--only"),
    (["--compare", "argon3"], "--compare"),
    (["--rounds", "two"], "--rounds"),
])
def test_an_unknown_scenario_comparison_or_count_is_refused_naming_its_option(argv, named, capsys):
    with pytest.raises(SystemExit) as exit_:
        parse_args(argv)
    assert exit_.value.code == 2
    assert named in capsys.readouterr().err


def test_each_comparison_alternates_two_settings_of_our_server():
    assert sorted(COMPARISONS) == ["argon2", "jvm-options"]
    assert parse_args(["--compare", "argon2", "--compare-starts", "4"]).compare_starts == 4
    for name, choices in COMPARISONS.items():
        assert len(choices) == 2, name
    java, native = COMPARISONS["argon2"].values()
    assert java == (stack.KC_JVM_OPTIONS, JAVA_ARGON2) and native == (stack.KC_JVM_OPTIONS, ())
    defaults, make_run = COMPARISONS["jvm-options"].values()
    assert defaults == ("", JAVA_ARGON2) and make_run == (stack.KC_JVM_OPTIONS, JAVA_ARGON2)


def test_help_starts_with_the_description_given():
    assert parser("The bench.\n\nMore.").format_help().split("\n\n")[1] == "The bench."
