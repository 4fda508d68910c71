#!/usr/bin/env bash
# CSV import benchmark (issue 2): builds the service, starts it on a fresh embedded PostgreSQL in a temporary
# DATA_DIR, imports ROWS generated supporters twice (create pass, update pass) and prints rows/s.
#
#   bench/run-import-bench.sh [rows]          # default 100000
#
# Environment: BENCH_HTTP_PORT (18080), BENCH_ADMIN_PORT (18081), SKIP_BUILD=1 to reuse target/action-alerts.jar,
# BENCH_JAVA_OPTS for the service's JVM (e.g. -Xmx1g). The service log is kept as $DATA_DIR/service.log
# only when the run fails.
set -euo pipefail

ROWS="${1:-100000}"
HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
ADMIN_PORT="${BENCH_ADMIN_PORT:-18081}"
ADMIN_TOKEN="bench-$RANDOM$RANDOM$RANDOM"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${SKIP_BUILD:-}" != 1 || ! -f target/action-alerts.jar ]]; then
  echo "building target/action-alerts.jar ..."
  mvn -q -B package -DskipTests
fi

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/import-bench.XXXXXX")"
LOG="$DATA_DIR/service.log"
SERVICE_PID=""
STATUS=1

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true          # Dropwizard's shutdown stops the embedded PostgreSQL
    for _ in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
  fi
  # Belt and braces: if the postmaster outlived the service, stop it by the pid in its own pid file.
  local pidfile="$DATA_DIR/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pg_pid
    pg_pid="$(head -n1 "$pidfile")"
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
      kill -INT "$pg_pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
}

cleanup() {
  stop_service
  if [[ "$STATUS" == 0 ]]; then
    rm -rf "$DATA_DIR"
  else
    echo "service log kept in $LOG" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -n1)"
echo "starting the service (embedded PostgreSQL in $DATA_DIR) ..."
# shellcheck disable=SC2086
env -u DATABASE_URL DATA_DIR="$DATA_DIR" HTTP_PORT="$HTTP_PORT" ADMIN_PORT="$ADMIN_PORT" ADMIN_TOKEN="$ADMIN_TOKEN" \
  LOG_LEVEL="${LOG_LEVEL:-INFO}" \
  java ${BENCH_JAVA_OPTS:-} -jar target/action-alerts.jar server config.yml >"$LOG" 2>&1 &
SERVICE_PID=$!

for i in $(seq 1 240); do
  if curl -fsS "http://localhost:$ADMIN_PORT/healthcheck" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "the service exited during start-up:" >&2; tail -n 40 "$LOG" >&2; exit 1; fi
  if [[ "$i" == 240 ]]; then echo "the service did not become healthy within 120 s" >&2; tail -n 40 "$LOG" >&2; exit 1; fi
  sleep 0.5
done
echo "service healthy on port $HTTP_PORT"

java bench/ImportBench.java "$ROWS" "http://localhost:$HTTP_PORT" "$ADMIN_TOKEN"
STATUS=0
