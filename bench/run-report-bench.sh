#!/usr/bin/env bash
# The campaign report (GET /api/v1/campaigns/{id}/report and report.csv) on a 100,000-recipient campaign seeded with
# set-based SQL (see bench/ReportBench.java): p50/p99/max of CALLS calls each, then EXPLAIN (ANALYZE, BUFFERS) of
# the report's statements.
# Usage: bench/run-report-bench.sh [recipients] [calls]      # defaults 100000 20
#        (SKIP_BUILD=1 reuses target/action-alerts.jar; BENCH_HTTP_PORT/BENCH_ADMIN_PORT 18680/18681)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RECIPIENTS="${1:-100000}"
CALLS="${2:-20}"
export BENCH_HTTP_PORT="${BENCH_HTTP_PORT:-18680}" BENCH_ADMIN_PORT="${BENCH_ADMIN_PORT:-18681}"
# shellcheck source=bench/service.sh
source bench/service.sh
[[ "${SKIP_BUILD:-}" == 1 && -f target/action-alerts.jar ]] || mvn -q -B package -DskipTests
cleanup() { stop_service; remove_data_dir; }
trap cleanup EXIT
start_service target/action-alerts.jar config.yml
port="$(grep -o 'Embedded PostgreSQL started on port [0-9]*' "$DATA_DIR/service.log" | grep -o '[0-9]*$' | head -n1)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp target/action-alerts.jar bench/ReportBench.java "jdbc:postgresql://127.0.0.1:$port/postgres" "$BASE_URL" \
  "$ADMIN_TOKEN" "$RECIPIENTS" "$CALLS" "$SERVICE_PID" "$(head -n1 "$DATA_DIR/postgres/postmaster.pid")" 2>&1 \
  | grep -v "io.zonky"
