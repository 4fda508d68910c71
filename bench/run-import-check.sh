#!/usr/bin/env bash
# Checks that the CSV import behaves exactly as another build does (e.g. before a performance change):
# runs bench/ImportCheck.java against a fresh service from each jar and diffs the two snapshots.
#
#   bench/run-import-check.sh BASELINE_JAR [CANDIDATE_JAR=target/action-alerts.jar]
#
# A baseline jar: git stash / git worktree at the older commit, mvn -q -B package -DskipTests, copy the jar.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/service.sh
source bench/service.sh
BASELINE="$1"
CANDIDATE="${2:-target/action-alerts.jar}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/import-check.XXXXXX")"
trap 'stop_service; remove_data_dir' EXIT

for which in baseline candidate; do
  jar="$BASELINE"; [[ "$which" == candidate ]] && jar="$CANDIDATE"
  start_service "$jar" config.yml
  java bench/ImportCheck.java "$BASE_URL" "$ADMIN_TOKEN" > "$OUT/$which.txt"
  stop_service
  remove_data_dir
done

if diff -u "$OUT/baseline.txt" "$OUT/candidate.txt"; then
  echo "same behaviour: $(grep -c '' "$OUT/candidate.txt") lines of snapshot identical ($OUT)"
else
  echo "BEHAVIOUR DIFFERS (snapshots in $OUT)" >&2
  exit 1
fi
