#!/usr/bin/env bash
# Mutation testing of the rules, one module at a time (docs/reliability.md):
# cargo-mutants changes one operator, constant or function body, and the
# tests that speak of the module must then fail. The outcomes land in
# target/mutants/MODULE/mutants.out (caught.txt, missed.txt, unviable.txt,
# timeout.txt).
#
#   scripts/mutants.sh                       # lists the modules
#   scripts/mutants.sh calendar              # one module, two jobs
#   scripts/mutants.sh calendar --shard 0/4  # a quarter of it
#   JOBS=1 scripts/mutants.sh ncr            # one job
#   TIMEOUT=60 scripts/mutants.sh calendar --iterate -e 'compile\.rs'
#                                            # resumes, skipping a file done,
#                                            # a hung mutant cut off sooner
#   TESTS=all PROPTEST_CASES=256 scripts/mutants.sh ncr --iterate
#                                            # the missed ones, every test
#
# The first pass runs the tests of the module's area, each property with 32
# cases (PROPTEST_CASES): that catches most mutants in a fraction of the
# time. A mutant it misses is run again with `--iterate` against every test
# at CI's 256 cases before it is counted as missed.
#
# Hours for the whole set on two cores, so never in CI; CI keeps the
# traceability mutants (.ci/mutants). Needs cargo-mutants and cargo-nextest;
# installs cargo-mutants if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# module | the files it mutates | the tests that judge it (a nextest filter)
MODULES=(
  "calendar|src/calendar/*.rs|^calendar::|^hostile::|^sla::|^sop::|^case::one_year"
  "sla|src/sla/*.rs|^sla::|^case::|^deadline::|^sop::|^hostile::|^read::|^kpi::"
  "case-decide|src/case/decide.rs|^case::|^deadline::|^sla::case|^sop::|^store::|^testkit::|^read::|^organisation::|^communication::|^priority::|^feedback::"
  "case-deadline|src/case/deadline.rs|^case::|^deadline::|^sla::case|^sop::|^store::|^testkit::|^read::|^organisation::|^communication::|^priority::|^feedback::"
  "ncr|src/quality/nonconformance/decide.rs|^quality::nonconformance|^deadline::aggregates|^sop::service_quality|^case::rules"
  "capa|src/quality/capa/decide.rs|^quality::capa|^deadline::aggregates|^sop::service_quality"
  "chain|src/store/chain.rs|^store::|^hostile::|^testkit|^records::"
)

module="${1:-}"
row=""
for candidate in "${MODULES[@]}"; do
    [ "${candidate%%|*}" = "$module" ] && row="$candidate"
done
if [ -z "$row" ]; then
    echo "usage: scripts/mutants.sh MODULE [cargo-mutants options]; the modules:" >&2
    for candidate in "${MODULES[@]}"; do
        IFS='|' read -r name files _ <<<"$candidate"
        printf '  %-14s %s\n' "$name" "$files" >&2
    done
    exit 2
fi
shift
IFS="|" read -r _ files _ <<<"$row"
filter="${row#*|*|}"

command -v cargo-mutants >/dev/null 2>&1 || cargo install --locked cargo-mutants@27.1.0

selection="test(/$filter/)"
[ "${TESTS:-}" = all ] && selection="all()"
mkdir -p "target/mutants/$module"
file_args=()
for file in $files; do file_args+=(-f "$file"); done

# No debug info: each build is shorter without it, and no one reads a
# backtrace here. The baseline is skipped: CI has just passed the same tests.
# `--max-fail=1:immediate` stops a caught mutant's run at its first failure.
PROPTEST_CASES="${PROPTEST_CASES:-32}" CARGO_PROFILE_DEV_DEBUG=0 cargo mutants -p casework "${file_args[@]}" \
    --test-tool nextest --baseline skip --timeout "${TIMEOUT:-300}" --jobs "${JOBS:-2}" \
    --output "target/mutants/$module" \
    -C --all-features -C --test=lib "$@" \
    -- --max-fail=1:immediate -E "$selection"
