#!/usr/bin/env bash
# Prepares what the tests need beyond the build (emulators are added here), then runs "$@".
set -euo pipefail
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$@"
