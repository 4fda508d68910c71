#!/usr/bin/env bash
# Tracked-link redirect (GET /a/{code}) throughput and p99 beside a trivial endpoint of the same service, same run.
# Launches a Take Action campaign to RECIPIENTS supporters through a local fake Twilio (so the short links exist),
# then measures.
# Usage: bench/run-redirect-bench.sh [recipients] [requests per target] [connections] [trivial path]
#        (SKIP_BUILD=1 reuses target/action-alerts.jar; BENCH_HTTP_PORT/BENCH_ADMIN_PORT 18580/18581, FAKE_PORT 18590;
#        LOCKED=1 then measures the redirect again while another session holds action_links locked: a slow database)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RECIPIENTS="${1:-2000}"
N="${2:-20000}"
C="${3:-16}"
TRIVIAL="${4:-/api/v1/session}"
export BENCH_HTTP_PORT="${BENCH_HTTP_PORT:-18580}" BENCH_ADMIN_PORT="${BENCH_ADMIN_PORT:-18581}"
# shellcheck source=bench/service.sh
source bench/service.sh
FAKE_PORT="${FAKE_PORT:-18590}"
PG_JAR="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -n1)"
[[ "${SKIP_BUILD:-}" == 1 && -f target/action-alerts.jar ]] || mvn -q -B package -DskipTests
export TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=fake-twilio-auth-token \
  TWILIO_FROM_NUMBER=+15005550006 TWILIO_API_BASE_URL="http://127.0.0.1:$FAKE_PORT" \
  PUBLIC_BASE_URL=https://alerts.example.org SMS_RATE_PER_SECOND=100000 SMS_QUIET_HOURS=off
java bench/FakeTwilioServer.java "$FAKE_PORT" 0 900 &
FAKE_PID=$!
cleanup() { stop_service; kill "$FAKE_PID" 2>/dev/null || true; remove_data_dir; }
trap cleanup EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$FAKE_PORT") 2>/dev/null && break; sleep 0.1; done
start_service target/action-alerts.jar config.yml
port="$(grep -o 'Embedded PostgreSQL started on port [0-9]*' "$DATA_DIR/service.log" | grep -o '[0-9]*$' | head -n1)"
JDBC_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$PG_JAR" bench/CampaignBench.java seed "$JDBC_URL" "$RECIPIENTS" redir
java -cp "$PG_JAR" bench/CampaignBench.java dispatch "$JDBC_URL" "$BASE_URL" "$ADMIN_TOKEN" "$RECIPIENTS" redir sms \
  "http://127.0.0.1:$FAKE_PORT" 0 | grep -v "per-second counts"
javac -d target/bench bench/KeepAliveConnection.java
java -cp "target/bench:$PG_JAR" bench/RedirectBench.java "$JDBC_URL" "$BASE_URL" "$N" "$C" "$TRIVIAL" ${LOCKED:+locked}
