#!/usr/bin/env bash
# Campaign and delivery benchmarks (issue 3). Builds the service and, for each benchmark, starts it on a fresh
# embedded PostgreSQL (temporary DATA_DIR), starts the fake provider it needs on loopback, measures, and stops
# everything again.
#
#   bench/run-campaign-bench.sh [benchmark ...]
#
# Benchmarks (default: all, in this order):
#   fanout-100k  fanout-1m   launch to 100,000 / 1,000,000 recipients vs bare INSERT ... SELECT of the same rows
#   sms-fast                 SMS_RATE_PER_SECOND=100000 against a zero-latency fake Twilio (DISPATCH_N, 30000)
#   sms-paced                SMS_RATE_PER_SECOND=100 against a fake Twilio answering in 200 ms (PACED_N, 6000)
#   email                    EMAIL_RATE_PER_SECOND=100000 to a local SMTP sink (EMAIL_N, 20000)
#
# Environment: SKIP_BUILD=1 reuses target/action-alerts.jar; BENCH_JAR=path measures another build without building; BENCH_HTTP_PORT/BENCH_ADMIN_PORT (18380/18381),
# FAKE_PORT (18390), SMTP_SINK_PORT (18325), SMTP_CONTROL_PORT (18326); DISPATCHER_CONCURRENCY (0 = sized from the rate) is passed on.
# Every helper process stops itself after 15 minutes even if this script is killed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Ports of their own, so that the import benchmark (18080/18081) can run on the same machine.
export BENCH_HTTP_PORT="${BENCH_HTTP_PORT:-18380}" BENCH_ADMIN_PORT="${BENCH_ADMIN_PORT:-18381}"
# shellcheck source=bench/service.sh
source bench/service.sh

BENCHES=("$@")
[[ ${#BENCHES[@]} -gt 0 ]] || BENCHES=(fanout-100k fanout-1m sms-fast sms-paced email)
FAKE_PORT="${FAKE_PORT:-18390}"
SMTP_SINK_PORT="${SMTP_SINK_PORT:-18325}"
SMTP_CONTROL_PORT="${SMTP_CONTROL_PORT:-18326}"
PG_JAR="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -n1)"

JAR="${BENCH_JAR:-target/action-alerts.jar}"
if [[ -n "${BENCH_JAR:-}" ]]; then
  echo "measuring $BENCH_JAR (not building)"
elif [[ "${SKIP_BUILD:-}" != 1 || ! -f target/action-alerts.jar ]]; then
  echo "building target/action-alerts.jar ..."
  mvn -q -B package -DskipTests
fi

HELPER_PID=""
STATUS=0
stop_helper() {
  if [[ -n "$HELPER_PID" ]] && kill -0 "$HELPER_PID" 2>/dev/null; then
    kill "$HELPER_PID" 2>/dev/null || true
    wait "$HELPER_PID" 2>/dev/null || true
  fi
  HELPER_PID=""
}
cleanup() {
  local rc=$?
  if [[ "$rc" != 0 && -n "$DATA_DIR" && -f "$DATA_DIR/service.log" ]]; then
    echo "benchmark failed (exit $rc); the service log ends:" >&2; tail -n 30 "$DATA_DIR/service.log" >&2
  fi
  stop_helper
  stop_service
  remove_data_dir
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench() { java -cp "$PG_JAR" bench/CampaignBench.java "$@"; }

# start SERVICE with the given extra environment (NAME=value ...); sets JDBC_URL from the embedded PostgreSQL's port.
start() {
  local kv p
  for p in "$HTTP_PORT" "$ADMIN_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is already in use" >&2; return 1; fi
  done
  for kv in "$@"; do export "${kv?}"; done
  export SMS_QUIET_HOURS=off
  start_service "$JAR" config.yml
  for kv in "$@"; do unset "${kv%%=*}"; done
  local port
  port="$(grep -o 'Embedded PostgreSQL started on port [0-9]*' "$DATA_DIR/service.log" | grep -o '[0-9]*$' | head -n1)"
  [[ -n "$port" ]] || { echo "no embedded PostgreSQL port in the service log" >&2; return 1; }
  JDBC_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
  echo "service healthy on port $HTTP_PORT, embedded PostgreSQL on port $port (data in $DATA_DIR)"
}

finish() {
  stop_helper
  stop_service
  remove_data_dir
}

wait_port() {
  local i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listening on port $1" >&2
  return 1
}

fanout() {
  local n="$1" tag="fan$1"
  echo "=== fan-out to $n recipients ==="
  start DISPATCHER_ENABLED=false
  bench seed "$JDBC_URL" "$n" "$tag"
  bench fanout "$JDBC_URL" "$BASE_URL" "$ADMIN_TOKEN" "$n" "$tag" || STATUS=1
  finish
}

# PUBLIC_BASE_URL: with Twilio configured the service refuses the localhost default (Twilio could never call back).
fake_twilio_env=(TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef TWILIO_AUTH_TOKEN=fake-twilio-auth-token
  TWILIO_FROM_NUMBER=+15005550006 "TWILIO_API_BASE_URL=http://127.0.0.1:$FAKE_PORT"
  PUBLIC_BASE_URL=https://alerts.example.org)

sms() {
  local n="$1" latency="$2" rate="$3" ceiling="$4"
  echo "=== SMS dispatch: $n messages, fake Twilio latency ${latency} ms, SMS_RATE_PER_SECOND=$rate ==="
  java bench/FakeTwilioServer.java "$FAKE_PORT" "$latency" 900 &
  HELPER_PID=$!
  wait_port "$FAKE_PORT"
  start "${fake_twilio_env[@]}" "SMS_RATE_PER_SECOND=$rate" "DISPATCHER_CONCURRENCY=${DISPATCHER_CONCURRENCY:-0}"
  bench seed "$JDBC_URL" "$n" "sms$n"
  bench dispatch "$JDBC_URL" "$BASE_URL" "$ADMIN_TOKEN" "$n" "sms$n" sms "http://127.0.0.1:$FAKE_PORT" "$ceiling" || STATUS=1
  finish
}

email() {
  local n="$1"
  echo "=== email dispatch: $n messages to a local SMTP sink, EMAIL_RATE_PER_SECOND=100000 ==="
  java bench/SmtpSink.java "$SMTP_SINK_PORT" "$SMTP_CONTROL_PORT" 900 &
  HELPER_PID=$!
  wait_port "$SMTP_SINK_PORT"
  start SMTP_HOST=127.0.0.1 "SMTP_PORT=$SMTP_SINK_PORT" SMTP_STARTTLS=false MAIL_FROM=alerts@example.org \
    EMAIL_RATE_PER_SECOND=100000 "DISPATCHER_CONCURRENCY=${DISPATCHER_CONCURRENCY:-0}"
  bench seed "$JDBC_URL" "$n" "mail$n"
  bench dispatch "$JDBC_URL" "$BASE_URL" "$ADMIN_TOKEN" "$n" "mail$n" email "smtp:$SMTP_CONTROL_PORT" 0 || STATUS=1
  finish
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -n1)"
echo "load average before the run: $(cut -d" " -f1-3 /proc/loadavg)"
for b in "${BENCHES[@]}"; do
  case "$b" in
    fanout-100k) fanout 100000 ;;
    fanout-1m) fanout 1000000 ;;
    sms-fast) sms "${DISPATCH_N:-30000}" 0 100000 0 ;;
    sms-paced) sms "${PACED_N:-6000}" 200 100 100 ;;
    email) email "${EMAIL_N:-20000}" ;;
    *) echo "unknown benchmark $b" >&2; exit 2 ;;
  esac
done
exit "$STATUS"
