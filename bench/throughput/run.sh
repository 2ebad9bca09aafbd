#!/usr/bin/env bash
# Throughput of `octgate serve` on the embedded engine vs `octgate serve --backend triton` in front
# of `octgate model-server` (KServe v2 gRPC on loopback), measured in the same run.
# Prints completed jobs/s (webhooks received) for each and the ratio triton/embedded.
# Usage: bench/throughput/run.sh [seconds per run, default 10] [concurrency, default 8]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
CONCURRENCY="${2:-8}"
BUILD=build/release
HERE=bench/throughput

cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOCTGATE_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j2 --target octgate >/dev/null
OCTGATE="$BUILD/octgate"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_file() { for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done; echo "timed out waiting for $1" >&2; exit 1; }

python3 "$HERE/tools.py" png "$WORK/scan.png"
python3 "$HERE/tools.py" receiver "$WORK/receiver.port" & PIDS+=($!)
wait_file "$WORK/receiver.port"
RECEIVER="http://127.0.0.1:$(cat "$WORK/receiver.port")"

received() { curl -s "$RECEIVER/count"; }

# measure NAME PORT: runs wrk, then waits for every accepted job's webhook; prints jobs/s.
measure() {
  local name=$1 port=$2 before after total start end
  before=$(received | cut -d' ' -f1)
  start=$(date +%s.%N)
  total=$(SCAN_PNG="$WORK/scan.png" WEBHOOK_URL="$RECEIVER/hook" \
    wrk -t2 -c"$CONCURRENCY" -d"${DURATION}s" -s "$HERE/post_scan.lua" "http://127.0.0.1:$port/invocations" |
    awk '/requests in/ {print $1}')
  for _ in $(seq 1200); do
    after=$(received | cut -d' ' -f1)
    [ $((after - before)) -ge "$total" ] && break
    sleep 0.05
  done
  end=$(date +%s.%N)
  local done_jobs=$((after - before))
  python3 -c "print(f'{\"$name\":<10} {$done_jobs} jobs in {$end-$start:.1f} s: {$done_jobs/($end-$start):.1f} jobs/s')" >&2
  python3 -c "print($done_jobs/($end-$start))"
}

"$OCTGATE" serve --listen 127.0.0.1:0 --port-file "$WORK/embedded.port" --data-dir "$WORK/embedded-data" --log-level warn >"$WORK/embedded.log" 2>&1 & PIDS+=($!)
wait_file "$WORK/embedded.port"
"$OCTGATE" model-server --listen 127.0.0.1:0 --port-file "$WORK/model.port" --log-level warn >"$WORK/model.log" 2>&1 & PIDS+=($!)
wait_file "$WORK/model.port"
"$OCTGATE" serve --backend triton --triton-url "127.0.0.1:$(cat "$WORK/model.port")" \
  --listen 127.0.0.1:0 --port-file "$WORK/triton.port" --data-dir "$WORK/triton-data" --log-level warn >"$WORK/triton.log" 2>&1 & PIDS+=($!)
wait_file "$WORK/triton.port"

echo "512x496 PNG, concurrency $CONCURRENCY, ${DURATION}s each, $(nproc) cores" >&2
EMBEDDED=$(measure embedded "$(cat "$WORK/embedded.port")")
TRITON=$(measure triton "$(cat "$WORK/triton.port")")
FAILED=$(received | cut -d' ' -f2)
python3 -c "print(f'ratio triton/embedded: {$TRITON/$EMBEDDED:.2f}   (failed webhooks: $FAILED)')"
