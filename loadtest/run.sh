#!/usr/bin/env bash
# `make loadtest`: 50 users (residents browsing, officers updating their actions) for 60 s against
# gunicorn and a throwaway PostgreSQL 15, on loopback only; then every acknowledged write is
# looked for in the database. `make faulttest` (--fault) also stops PostgreSQL 20 s in and starts
# it again 15 s later: requests in between must get the 503 page, the app must recover without a
# restart, and nothing acknowledged may be missing. Results land in .loadtest/ (see
# docs/reliability.md). Exits non-zero on any failed request or lost write.
set -euo pipefail
cd "$(dirname "$0")/.."
FAULT=0
[ "${1:-}" = "--fault" ] && FAULT=1
USERS="${LOADTEST_USERS:-50}"
DURATION="${LOADTEST_SECONDS:-60}"
OUT=.loadtest/$([ "$FAULT" = 1 ] && echo fault || echo load)
rm -rf "$OUT" && mkdir -p "$OUT"
PY=.venv/bin/python

PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 is missing; installing postgresql-15"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGDATA_ROOT=$(mktemp -d /tmp/cspplan-loadpg.XXXXXX)
chown postgres "$PGDATA_ROOT"
PG_PORT=$(free_port)
APP_PORT=$(free_port)
as_postgres() { runuser -u postgres -- "$@"; }
pg() { as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_ROOT/data" "$@"; }
pg_start() {
  pg -l "$PGDATA_ROOT/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PGDATA_ROOT -c max_connections=100" >/dev/null
}
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null || true
  pg -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_ROOT"
}
trap cleanup EXIT
as_postgres "$PG_BIN/initdb" -D "$PGDATA_ROOT/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
pg_start
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cspplan

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/cspplan"
export DATABASE_CONN_MAX_AGE=60          # kept connections: exercises CONN_HEALTH_CHECKS
export DJANGO_SECRET_KEY="loadtest-only-secret-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_HTTPS=false DJANGO_LOG_LEVEL=WARNING
export CSPPLAN_DEMO_PASSWORD="loadtest-password-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Every simulated user comes from 127.0.0.1: per-address limits would stop the run, not test it.
export CSPPLAN_RATE_SEARCH=1000000/60 CSPPLAN_RATE_DOWNLOADS=1000000/60 CSPPLAN_RATE_FEEDBACK=1000000/60
export CSPPLAN_MAINTENANCE_FILE="$OUT/MAINTENANCE"

$PY manage.py migrate --noinput -v0
$PY manage.py load_seed_plan --demo >/dev/null
$PY manage.py collectstatic --noinput -v0
.venv/bin/gunicorn cspplan.wsgi --bind "127.0.0.1:$APP_PORT" --workers 4 --timeout 30 \
  --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$APP_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$APP_PORT/readyz" >/dev/null

if [ "$FAULT" = 1 ]; then
  (
    sleep 20; pg -m fast stop >/dev/null; echo "$(date -u +%T) PostgreSQL stopped"
    sleep 15; pg_start; echo "$(date -u +%T) PostgreSQL started again"
  ) > "$OUT/outage.log" 2>&1 &
fi

echo "== locust: $USERS users for ${DURATION}s against 127.0.0.1:$APP_PORT (fault run: $FAULT)"
set +e
LOADTEST_ACK_FILE="$OUT/acknowledged.jsonl" LOADTEST_SUMMARY_FILE="$OUT/outcomes.json" \
LOADTEST_FAULT="$FAULT" .venv/bin/locust -f loadtest/locustfile.py --headless \
  --host "http://127.0.0.1:$APP_PORT" -u "$USERS" -r 10 -t "${DURATION}s" \
  --stop-timeout 30 --csv "$OUT/locust" --only-summary > "$OUT/locust.txt" 2>&1
LOCUST_RC=$?
set -e
touch "$OUT/acknowledged.jsonl"
tail -n 30 "$OUT/locust.txt"
echo "outcomes: $(cat "$OUT/outcomes.json" 2>/dev/null | tr -d '\n ')"
[ "$FAULT" = 1 ] && cat "$OUT/outage.log"

echo "== after the run, with no restart of the app"
HEALTH=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$APP_PORT/healthz")
echo "/healthz: $HEALTH"
echo "== every acknowledged write in the database"
$PY loadtest/check_writes.py "$OUT/acknowledged.jsonl" | tee "$OUT/check.txt"
[ "$LOCUST_RC" = 0 ] || { echo "locust reported failed requests"; exit 1; }
[ "${HEALTH##* }" = 200 ] || { echo "the app did not recover"; exit 1; }
echo "load run passed"
