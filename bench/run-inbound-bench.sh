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
export TWILIO_AUTH_TOKEN="bench-webhook-token" PUBLIC_BASE_URL="https://alerts.example.org" LOG_LEVEL=WARN
trap stop_service EXIT
start_service target/action-alerts.jar config.yml
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
javac -d target/bench bench/KeepAliveConnection.java
java -cp target/bench bench/InboundBench.java "$N" "$C" "$RATE" "$BASE_URL" "$PUBLIC_BASE_URL" "$TWILIO_AUTH_TOKEN" "http://localhost:$ADMIN_PORT"
