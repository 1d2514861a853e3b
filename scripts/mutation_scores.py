"""The mutation score of each part, read from its tool's report, printed and checked against its floor.

    python3 scripts/mutation_scores.py pit keycloak-extensions/target/pit-reports/mutations.xml [--floor 70]
    python3 scripts/mutation_scores.py mutmut backend-adapter/mutants/mutmut-cicd-stats.json --floor 80
    python3 scripts/mutation_scores.py stryker frontend-adapter/reports/mutation/mutation.json [--floor 80]

Score, in percent: mutants detected (killed, or timed out: a mutant that makes the tests hang is caught) over the
mutants that ran or had no test, which is how PIT, mutmut and Stryker each count it. Exit code 1 under the floor,
2 when the report is missing or unreadable.
"""
from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple


class Score(NamedTuple):
    detected: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.detected / self.total if self.total else 0.0


def pit(report: Path) -> Score:
    """PIT's mutations.xml: every <mutation> counts; KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR are detected."""
    statuses = [m.get("status") for m in ET.parse(report).getroot().iter("mutation")]
    detected = sum(s in {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"} for s in statuses)
    return Score(detected, len(statuses))


def mutmut(report: Path) -> Score:
    """mutmut's `export-cicd-stats` file: killed and timeout over those that ran or had no test. Its "total" also
    counts the mutants a narrowed run (`mutmut run NAME...`, `make test`) did not check, and the skipped."""
    stats = json.loads(report.read_text())
    detected = stats["killed"] + stats["timeout"]
    return Score(detected, detected + sum(stats[k] for k in ("survived", "no_tests", "suspicious", "segfault")))


def stryker(report: Path) -> Score:
    """Stryker's JSON report (mutation-testing-report-schema): Killed and Timeout over those plus Survived and
    NoCoverage; mutants that did not compile or were ignored do not count."""
    files = json.loads(report.read_text())["files"].values()
    statuses = [m["status"] for f in files for m in f["mutants"]]
    detected = sum(s in {"Killed", "Timeout"} for s in statuses)
    return Score(detected, detected + sum(s in {"Survived", "NoCoverage"} for s in statuses))


READERS = {"pit": pit, "mutmut": mutmut, "stryker": stryker}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tool", choices=READERS)
    parser.add_argument("report", type=Path)
    parser.add_argument("--floor", type=float, help="fail (exit 1) under this score, in percent")
    parser.add_argument("--label", help="what was mutated, for the printed line")
    args = parser.parse_args(argv)
    try:
        score = READERS[args.tool](args.report)
    except (OSError, ValueError, KeyError, ET.ParseError) as e:
        print(f"[mutation] {args.tool}: no readable report at {args.report} ({e.__class__.__name__}: {e})")
        return 2
    label = args.label or args.tool
    floor = f", floor {args.floor:g}%" if args.floor is not None else ""
    print(f"[mutation] {label}: score {score.percent:.1f}% ({score.detected} of {score.total} mutants detected{floor})")
    if args.floor is not None and score.percent < args.floor:
        print(f"[mutation] {label}: under the floor of {args.floor:g}%")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
