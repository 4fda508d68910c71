# Shared by the bench scripts: start_service JAR CONFIG starts the service on a fresh embedded PostgreSQL in a
# temporary DATA_DIR and waits for the admin health check; stop_service stops it and its PostgreSQL.
# Sets SERVICE_PID, DATA_DIR, ADMIN_TOKEN, HTTP_PORT, ADMIN_PORT, BASE_URL.

HTTP_PORT="${BENCH_HTTP_PORT:-18080}"
ADMIN_PORT="${BENCH_ADMIN_PORT:-18081}"
BASE_URL="http://localhost:$HTTP_PORT"
SERVICE_PID=""
DATA_DIR=""

start_service() {
  local jar="$1" config="$2"
  # 32+ characters: the service refuses a shorter ADMIN_TOKEN.
  ADMIN_TOKEN="$(openssl rand -hex 32)"
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/import-bench.XXXXXX")"
  # shellcheck disable=SC2086
  env -u DATABASE_URL DATA_DIR="$DATA_DIR" HTTP_PORT="$HTTP_PORT" ADMIN_PORT="$ADMIN_PORT" ADMIN_TOKEN="$ADMIN_TOKEN" \
    LOG_LEVEL="${LOG_LEVEL:-INFO}" \
    java ${BENCH_JAVA_OPTS:-} -jar "$jar" server "$config" >"$DATA_DIR/service.log" 2>&1 &
  SERVICE_PID=$!
  local i
  for i in $(seq 1 240); do
    if curl -fsS "http://localhost:$ADMIN_PORT/healthcheck" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "the service exited during start-up:" >&2; tail -n 40 "$DATA_DIR/service.log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "the service did not become healthy within 120 s" >&2; tail -n 40 "$DATA_DIR/service.log" >&2
  return 1
}

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true          # Dropwizard's shutdown stops the embedded PostgreSQL
    local i
    for i in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
  # If the postmaster outlived the service, stop it by the pid in its own pid file.
  local pidfile="$DATA_DIR/postgres/postmaster.pid"
  if [[ -n "$DATA_DIR" && -f "$pidfile" ]]; then
    local pg_pid
    pg_pid="$(head -n1 "$pidfile")"
    if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
      kill -INT "$pg_pid" 2>/dev/null || true
      for i in $(seq 1 40); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.25; done
    fi
  fi
}

# remove_data_dir: deletes the temporary DATA_DIR (call after stop_service).
remove_data_dir() {
  if [[ -n "$DATA_DIR" && "$DATA_DIR" == */import-bench.* ]]; then rm -rf "$DATA_DIR"; fi
  DATA_DIR=""
}
