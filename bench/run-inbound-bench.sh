#!/usr/bin/env bash
# Inbound webhook throughput and latency with valid signatures, beside a trivial endpoint of the same service.
# Usage: bench/run-inbound-bench.sh [requests] [in-flight] [open-loop rate/s]   (SKIP_BUILD=1 reuses the jar)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"
C="${2:-32}"
RATE="${3:-1000}"
source bench/service.sh
[[ "${SKIP_BUILD:-}" == 1 ]] || mvn -q -B package -DskipTests
# Twilio in full (the service refuses a partial set-up), its REST API a local fake: replies and the health check
# need one. FAKE_PORT (18490) is where it listens.
FAKE_PORT="${FAKE_PORT:-18490}"
export TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN="bench-webhook-token" \
  TWILIO_FROM_NUMBER=+15005550006 TWILIO_API_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
  PUBLIC_BASE_URL="https://alerts.example.org" LOG_LEVEL=WARN
java bench/FakeTwilioServer.java "$FAKE_PORT" 0 900 &
FAKE_PID=$!
cleanup() { stop_service; kill "$FAKE_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$FAKE_PORT") 2>/dev/null && break; sleep 0.1; done
start_service target/action-alerts.jar config.yml
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
javac -d target/bench bench/KeepAliveConnection.java
java -cp target/bench bench/InboundBench.java "$N" "$C" "$RATE" "$BASE_URL" "$PUBLIC_BASE_URL" "$TWILIO_AUTH_TOKEN" "http://localhost:$ADMIN_PORT"
