#!/usr/bin/env bash
# CSV import benchmark (issue 2): builds the service, starts it on a fresh embedded PostgreSQL in a temporary
# DATA_DIR, imports ROWS generated supporters twice (create pass, update pass) and prints rows/s.
#
#   bench/run-import-bench.sh [rows]          # default 100000
#
# Environment: BENCH_HTTP_PORT (18080), BENCH_ADMIN_PORT (18081), SKIP_BUILD=1 to reuse target/action-alerts.jar,
# BENCH_JAR=path to measure another build (e.g. an older commit's jar; nothing is built), BENCH_JAVA_OPTS for the
# service's JVM. The service log is kept (path printed) only when the run fails.
set -euo pipefail

ROWS="${1:-100000}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/service.sh
source bench/service.sh

JAR="${BENCH_JAR:-target/action-alerts.jar}"
if [[ -z "${BENCH_JAR:-}" && ( "${SKIP_BUILD:-}" != 1 || ! -f target/action-alerts.jar ) ]]; then
  echo "building target/action-alerts.jar ..."
  mvn -q -B package -DskipTests
fi

STATUS=1
cleanup() {
  stop_service
  if [[ "$STATUS" == 0 ]]; then remove_data_dir; elif [[ -n "$DATA_DIR" ]]; then echo "service log kept in $DATA_DIR/service.log" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -n1)"
echo "load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
echo "starting the service on a fresh embedded PostgreSQL ..."
start_service "$JAR" config.yml
echo "service ($JAR) healthy on port $HTTP_PORT (data in $DATA_DIR)"

java bench/ImportBench.java "$ROWS" "$BASE_URL" "$ADMIN_TOKEN"
STATUS=0
