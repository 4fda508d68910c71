#!/usr/bin/env bash
# Resilience harness (issue 13): one standalone PostgreSQL (Debian's postgresql-15 binaries), the fake Twilio and
# INSTANCES (3) service instances on it; runs the scenarios and exits non-zero if any failed. Not part of `mvn test`.
#
#   bench/run-resilience.sh [N] [scenario ...]      N: campaign size (default 10000); scenarios (default all):
#                                                   shared crashes provider database flood
#
# Environment: SKIP_BUILD=1 reuses target/action-alerts.jar; INSTANCES (3), SMS_RATE (100), FLOOD_TEXTS (5000),
# PG_BIN (/usr/lib/postgresql/15/bin; installed with apt-get when missing), PG_PORT (18532), FAKE_PORT (18590),
# BASE_PORT (18600: instance i listens on BASE+2i, admin BASE+2i+1). Everything it starts is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
shift || true
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "no PostgreSQL server binaries in $PG_BIN: installing Debian's postgresql package"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
fi
export PG_BIN
[[ "${SKIP_BUILD:-}" == 1 && -f target/action-alerts.jar ]] || mvn -q -B package -DskipTests
PG_JAR="$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -n1)"
exec java -cp "$PG_JAR" bench/ResilienceHarness.java target/action-alerts.jar "$N" "$@"
