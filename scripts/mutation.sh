#!/usr/bin/env bash
# Mutation testing of the three parts against their unit tests; prints the three scores; non-zero when a part is
# under its floor.
#   keycloak-extensions  PIT      floor: mutation.floor in keycloak-extensions/pom.xml (PIT's mutationThreshold)
#   backend-adapter      mutmut   floor: [tool.docs-auth-mutation] floor in backend-adapter/pyproject.toml
#   frontend-adapter     Stryker  floor: thresholds.break in frontend-adapter/stryker.config.mjs
#
#   scripts/mutation.sh            `make mutation`: every mutant of every source file
#   scripts/mutation.sh --changed  `make test` (so CI): only the source files (Stryker: lines) changed since a base commit, each
#                                  part held to the same floor (scripts/mutation_scope.py says which files and why
#                                  that base; MUTATION_BASE=<commit> sets it)
# Why CI mutates only what changed: every mutant does not fit in CI's 40 minutes. Measured on 2026-11-30 on this
# 2-core machine (README.md, "Mutation testing"): PIT alone takes 9.4 min of CPU (996 mutants), Stryker's first
# run of the suite alone 6 min at load 20 and then 995 mutants, mutmut 2,434 mutants; `make test` takes 28-29 min
# in CI, leaving about 11. A change is mutated in the CI run of its merge; `make mutation` checks everything and
# is run before a floor is changed.
# Needs the Python environment (make py-env) and the frontend adapter's node_modules (npm ci); Maven compiles.
set -uo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp}"
PY="$PWD/build/py/bin/python"
changed=false
[ "${1:-}" = --changed ] && changed=true
failed=()
summary=()

# What one tool mutates: "all", nothing ("") or the selector of the changed files (scripts/mutation_scope.py).
scope() {
  if $changed; then $PY scripts/mutation_scope.py "$1"; else echo all; fi
}
# A base given (MUTATION_BASE) that is not a commit here is an error, not a reason to mutate everything.
if $changed && ! $PY scripts/mutation_scope.py pit >/dev/null 2>&1; then
  $PY scripts/mutation_scope.py pit; exit 1
fi

# Runs one tool, prints how long it took, then its score (from its report) for the summary at the end.
part() {
  local name=$1 reader=$2 report=$3 floor=$4; shift 4
  local start; start=$(date +%s)
  echo; echo "[mutation] $name"
  rm -f "$report"
  "$@" || failed+=("$name")
  local took=$(( $(date +%s) - start ))
  local line
  line=$($PY scripts/mutation_scores.py "$reader" "$report" --label "$name" ${floor:+--floor "$floor"}) \
    || failed+=("$name (score)")
  summary+=("$line, ${took} s")
}

skipped() { summary+=("[mutation] $1: not mutated, no source file of it changed"); }

# mutmut on docs_auth; $1: mutant-name patterns, space-separated (none: every mutant).
mutmut_run() {
  (cd backend-adapter || exit 1
   set -f  # the patterns are mutmut's, not the shell's
   if ! ../build/py/bin/mutmut run --max-children 2 $1 > ../build/mutation/mutmut.log; then
     tail -c 3000 ../build/mutation/mutmut.log; exit 1
   fi
   ../build/py/bin/mutmut export-cicd-stats && echo "survivors:" && ../build/py/bin/mutmut results)
}

mkdir -p build/mutation

classes=$(scope pit)
if [ -z "$classes" ]; then skipped "keycloak-extensions (PIT)"
else
  narrow=(); [ "$classes" != all ] && narrow=("-DtargetClasses=$classes")
  part "keycloak-extensions (PIT)" pit keycloak-extensions/target/pit-reports/mutations.xml "" \
    $MVN -pl keycloak-extensions -Djacoco.skip=true "${narrow[@]}" test-compile org.pitest:pitest-maven:mutationCoverage
fi

names=$(scope mutmut)
if [ -z "$names" ]; then skipped "backend-adapter docs_auth (mutmut)"
else
  [ "$names" = all ] && names=""
  MUTMUT_FLOOR=$($PY -c 'import tomllib; print(tomllib.load(open("backend-adapter/pyproject.toml", "rb"))["tool"]["docs-auth-mutation"]["floor"])')
  # A narrowed run starts from nothing: mutmut keeps what it checked in mutants/ and counts it again.
  [ -n "$names" ] && rm -rf backend-adapter/mutants
  part "backend-adapter docs_auth (mutmut)" mutmut backend-adapter/mutants/mutmut-cicd-stats.json "$MUTMUT_FLOOR" \
    mutmut_run "$names"
fi

files=$(scope stryker)
if [ -z "$files" ]; then skipped "frontend-adapter (Stryker)"
else
  narrow=(); [ "$files" != all ] && narrow=(--mutate "$files")
  part "frontend-adapter (Stryker)" stryker frontend-adapter/reports/mutation/mutation.json "" \
    npm --prefix frontend-adapter run --silent mutation -- "${narrow[@]}"
fi

echo
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "[mutation] FAILED: ${failed[*]}"
  exit 1
fi
