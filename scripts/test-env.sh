#!/usr/bin/env bash
# Prepares what the tests need beyond the build, then runs "$@":
#  - the storage emulators (Azurite, firebase-tools' Cloud Storage emulator) from the lockfile in
#    tests/emulators, with `npm ci`; skipped when node_modules matches the lockfile already.
# When npm is missing or the install fails, the emulator tests fail (they do not skip) unless
# OCTGATE_SKIP_EMULATOR_TESTS=1 is set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
emulators="$root/tests/emulators"
stamp="$emulators/node_modules/.octgate-lockfile.sha256"
want="$(sha256sum "$emulators/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "test-env: installing the storage emulators (npm ci in $emulators)" >&2
    if (cd "$emulators" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2); then
      echo "$want" > "$stamp"
    else
      echo "test-env: npm ci failed; the emulator tests will fail" >&2
    fi
  else
    echo "test-env: npm not found; the emulator tests will fail (install nodejs and npm)" >&2
  fi
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$@"
