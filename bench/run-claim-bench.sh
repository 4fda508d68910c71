#!/usr/bin/env bash
# Claim-next benchmark (issue 5): 100,000 open cases, 20 concurrent claimers: all at once, then saturated.
# See bench/ClaimBench.java and docs/PERFORMANCE.md.
#
#   bench/run-claim-bench.sh [cases] [claimers] [claims]     # defaults 100000 20 10000 (claims a phase)
#
# SKIP_BUILD=1 reuses target/action-alerts.jar. BENCH_HTTP_PORT / BENCH_ADMIN_PORT (18090 / 18091).
# BENCH_WARMUP_ROUNDS (unmeasured rounds, default 6), BENCH_JAVA_OPTS (passed to the service), BENCH_KEEP=1
# keeps the temporary database and service log.
# Cases needed: the warm-up takes (warm-up rounds) x claims; its cases are then put back in the queue and the
# measured phases take 3 x claims, starting from all the cases open (60,000 and 30,000 of 100,000 by default).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ "${SKIP_BUILD:-}" != 1 || ! -f target/action-alerts.jar ]]; then
  echo "building target/action-alerts.jar ..."
  mvn -q -B package -DskipTests
fi
echo "load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
# The embedded PostgreSQL logs its start-up at DEBUG through the jar's logging: keep only our lines.
javac -d target/bench bench/KeepAliveConnection.java
java -cp target/action-alerts.jar:target/bench bench/ClaimBench.java "${1:-100000}" "${2:-20}" "${3:-10000}" target/action-alerts.jar 2>&1 | grep -v "io.zonky"
