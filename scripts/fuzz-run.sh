#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (make fuzz). New inputs go to BUILD/corpus-new/<target> (not in
# git), crashes to BUILD/artifacts/<target>/. Usage: fuzz-run.sh BUILD SECONDS
set -uo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/fuzz}" seconds="${2:-60}"
source scripts/fuzz-targets.sh

failed=()
for t in $FUZZ_TARGETS; do
  mkdir -p "$build/corpus-new/$t" "$build/artifacts/$t"
  echo "== fuzz $t for ${seconds}s" >&2
  # shellcheck disable=SC2046
  "$build/fuzz_$t" "$build/corpus-new/$t" "fuzz/corpus/$t" $(fuzz_options "$t") \
    -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
    2> "$build/artifacts/$t/last-run.log" || failed+=("$t")
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' "$build/artifacts/$t/last-run.log" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}; inputs and logs in $build/artifacts/" >&2
  exit 1
fi
