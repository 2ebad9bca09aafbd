#!/usr/bin/env bash
# Part of make test: each fuzz target over its seed corpus, then FUZZ_SMOKE_SECONDS (default 5)
# of new inputs (kept in a temporary folder, then dropped). Fails on any crash, leak, UB or timeout;
# the input that caused it is left in BUILD/smoke-artifacts/<target>/. Usage: fuzz-smoke.sh [BUILD]
set -uo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/fuzz}" seconds="${FUZZ_SMOKE_SECONDS:-5}"
source scripts/fuzz-targets.sh

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in $FUZZ_TARGETS; do
  mkdir -p "$scratch/$t" "$build/smoke-artifacts/$t"
  # shellcheck disable=SC2046
  if "$build/fuzz_$t" "$scratch/$t" "fuzz/corpus/$t" $(fuzz_options "$t") -max_total_time="$seconds" \
      -artifact_prefix="$build/smoke-artifacts/$t/" 2> "$scratch/$t.log"; then
    echo "fuzz-smoke: $t ok ($(grep -oE '^#[0-9]+' "$scratch/$t.log" | tail -1 | tr -d '#') runs)"
  else
    failed+=("$t")
    tail -n 60 "$scratch/$t.log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz-smoke: FAILED: ${failed[*]} (inputs in $build/smoke-artifacts/)" >&2
  exit 1
fi
