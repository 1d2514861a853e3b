"""Unit tests of the mutation-score reader: each tool's report, the floor, a missing report."""
import json

import mutation_scores


def test_pit_counts_timeouts_as_detected_and_uncovered_mutants_as_not(tmp_path):
    report = tmp_path / "mutations.xml"
    report.write_text("<mutations>" + "".join(f'<mutation detected="x" status="{s}"/>' for s in (
        "KILLED", "KILLED", "TIMED_OUT", "SURVIVED", "NO_COVERAGE")) + "</mutations>")
    assert mutation_scores.pit(report) == (3, 5)


def test_mutmut_leaves_out_the_skipped(tmp_path):
    report = tmp_path / "stats.json"
    report.write_text(json.dumps({"killed": 6, "timeout": 1, "survived": 2, "no_tests": 1, "skipped": 5,
                                  "total": 15, "suspicious": 0, "segfault": 0}))
    assert mutation_scores.mutmut(report) == (7, 10)


def test_mutmut_leaves_out_what_a_narrowed_run_did_not_check(tmp_path):
    report = tmp_path / "stats.json"
    report.write_text(json.dumps({"killed": 6, "timeout": 1, "survived": 2, "no_tests": 1, "skipped": 0,
                                  "total": 40, "suspicious": 0, "segfault": 0}))
    assert mutation_scores.mutmut(report) == (7, 10)


def test_stryker_leaves_out_what_did_not_compile(tmp_path):
    report = tmp_path / "mutation.json"
    mutants = [{"status": s} for s in ("Killed", "Timeout", "Survived", "NoCoverage", "CompileError", "Ignored")]
    report.write_text(json.dumps({"files": {"src/a.ts": {"mutants": mutants[:3]}, "src/b.ts": {"mutants": mutants[3:]}}}))
    assert mutation_scores.stryker(report) == (2, 4)


def test_under_the_floor_fails_and_prints_the_score(tmp_path, capsys):
    report = tmp_path / "stats.json"
    report.write_text(json.dumps({"killed": 79, "timeout": 0, "survived": 21, "no_tests": 0, "suspicious": 0,
                                  "segfault": 0, "skipped": 0, "total": 100}))
    assert mutation_scores.main(["mutmut", str(report), "--floor", "80", "--label", "docs_auth"]) == 1
    assert "docs_auth: score 79.0% (79 of 100 mutants detected, floor 80%)" in capsys.readouterr().out
    assert mutation_scores.main(["mutmut", str(report), "--floor", "79"]) == 0


def test_a_missing_report_is_an_error_of_its_own(tmp_path, capsys):
    assert mutation_scores.main(["stryker", str(tmp_path / "none.json")]) == 2
    assert "no readable report" in capsys.readouterr().out
