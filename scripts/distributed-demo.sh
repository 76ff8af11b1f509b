#!/usr/bin/env bash
# The distributed walk-through of docs/deployment.md ("Distributed mode by hand") and the restart drill of
# docs/operations.md, run for real: PostgreSQL and Redis of its own, the six services as processes (two download
# workers), nginx in front, the fake Instagram; then a user journey through nginx, a worker killed, Redis and
# PostgreSQL restarted, a clean stop with an event stream open. Everything is torn down at the end.
#
# The blocks between "# >>> docs:NAME" and "# <<<" are the docs' own commands: tests/integration/docs-runbook.test.ts
# fails when a doc block and the script differ. Runs as root in private network and PID namespaces (unshare), so the
# seed ports (8001-8005, 8080, 5432, 6379) never collide with anything else on the machine and its pkill reaches
# only its own processes.
#   bash scripts/distributed-demo.sh            (CI runs it through tests/e2e/runbook.test.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD

if [ "${SMH_RUNBOOK_INSIDE:-}" != 1 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "runbook: needs root for a private network namespace (unshare -n); run it with sudo" >&2
    exit 1
  fi
  # Its own network (seed ports free) and its own process tree (pkill sees only the runbook's processes).
  exec env SMH_RUNBOOK_INSIDE=1 unshare --mount --net --pid --fork --mount-proc -- bash "$0" "$@"
fi
ip link set lo up

WORK=$(mktemp -d /tmp/smh-runbook-XXXXXX)
chmod 755 "$WORK"
step() { printf '\nrunbook: == %s ==\n' "$*"; }
fail() {
  echo "runbook: FAILED: $*" >&2
  for log in "$WORK"/logs/*.log "$WORK"/edge/logs/*.log; do
    [ -f "$log" ] && { echo "--- $log (last lines)" >&2; tail -n 15 "$log" >&2; }
  done
  exit 1
}
pids_of() { pgrep -f "$1" || true; }
# The services' command lines as started below (relative paths: "node --import tsx services/NAME/src/main.ts").
SERVICE_PROCESSES='services/.*/src/main.ts'

teardown() {
  set +e
  pkill -TERM -f "$SERVICE_PROCESSES" 2>/dev/null
  pkill -TERM -f "tests/fakes/instagram/main.ts" 2>/dev/null
  [ -f "$WORK/edge/nginx.pid" ] && kill "$(cat "$WORK/edge/nginx.pid")" 2>/dev/null
  redis-cli -p 6379 shutdown nosave >/dev/null 2>&1
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
  sleep 1
  pkill -KILL -f "$SERVICE_PROCESSES" 2>/dev/null
  rm -rf "$WORK"
}
trap teardown EXIT
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
journey() { node --import tsx "$REPO/scripts/runbook/journey.ts" "$@"; }
wait_ready() { # port
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$1/ready" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

step "PostgreSQL and Redis of its own (docs/operations.md, restart drill)"
mkdir -p "$WORK/pg" "$WORK/redis" && chown postgres "$WORK/pg"
export DRILL=$WORK
# >>> docs:drill-servers
runuser -u postgres -- "$PG_BIN/initdb" -D "$DRILL/pg" -A trust -U postgres --no-sync > /dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DRILL/pg" -l "$DRILL/pg/server.log" -w start \
  -o "-p 5432 -k $DRILL/pg -c listen_addresses=127.0.0.1"
redis-server --port 6379 --bind 127.0.0.1 --dir "$DRILL/redis" --appendonly yes --daemonize yes \
  --pidfile "$DRILL/redis/redis.pid" --logfile "$DRILL/redis/redis.log"
# <<<

step "The fake Instagram (instead of instagram.com)"
mkdir -p "$WORK/logs"
node --import tsx tests/fakes/instagram/main.ts --port 9400 --posts 6 > "$WORK/logs/fake-instagram.log" 2>&1 &
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:9400/ >/dev/null 2>&1 && break; sleep 0.5; done
export INSTAGRAM_WEB_URL=http://127.0.0.1:9400 INSTAGRAM_API_URL=http://127.0.0.1:9401 SMH_ALLOW_PRIVATE_URLS=true
export INSTAGRAM_MIN_INTERVAL_MS=0

step "Services as processes (docs/deployment.md, Distributed mode by hand)"
export SMH_DATA_DIR=$WORK/data LOG_DIR=$WORK/logs
# >>> docs:distributed-env
# 1. Servers: PostgreSQL 15+ and Redis 7 (noeviction). One database for the whole hub; each service makes its schema.
createdb -h 127.0.0.1 -U postgres smh

# 2. The same environment for every process.
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/smh
export REDIS_URL=redis://127.0.0.1:6379
export SMH_SECRET_KEY="$(openssl rand -hex 32)"   # keep it: the same value for every process, at every start
export SMH_DATA_DIR=${SMH_DATA_DIR:-/srv/smh}       # media library, shared by download-, video- and file-service
export HOST=127.0.0.1                               # only nginx listens publicly
export LOG_DIR=${LOG_DIR:-logs}; mkdir -p "$LOG_DIR"

# 3. Optional: migrate first (each service also migrates itself at start, under an advisory lock).
npx tsx scripts/migrate.ts

# 4. The web UI the gateway serves (frontend/dist).
npm run build -w @smh/frontend
# <<<
# >>> docs:distributed-start
# 5. The services, each on its seed port (8001–8005); a second download worker on 8011. Every process that calls
#    download-service (the gateway, the scheduler) gets both addresses: calls take turns, and go to the other
#    one while one is down.
export DOWNLOAD_SERVICE_URL=http://127.0.0.1:8001,http://127.0.0.1:8011
for service in account-service file-service download-service video-service scheduler-service; do
  node --import tsx services/$service/src/main.ts > "$LOG_DIR/$service.log" 2>&1 &
done
PORT=8011 node --import tsx services/download-service/src/main.ts > "$LOG_DIR/download-service-2.log" 2>&1 &
node --import tsx services/api-gateway/src/main.ts > "$LOG_DIR/api-gateway.log" 2>&1 &

# 6. Wait until every process is ready (each answers /ready once its database, queue and tools are there).
for port in 8001 8011 8002 8003 8004 8005 8080; do
  timeout 120 sh -c "until curl -fs http://127.0.0.1:$port/ready > /dev/null; do sleep 1; done" \
    && echo "$port ready" || echo "$port NOT ready: see $LOG_DIR"
done
# <<<
for port in 8001 8011 8002 8003 8004 8005 8080; do wait_ready "$port" || fail "port $port is not ready"; done

step "The gateway's metrics: on its metrics port 9464, not on the public port 8080"
# Read whole before grep: under pipefail, `curl | grep -q` fails when grep stops reading before curl has written all.
gateway_metrics=$(curl -fsS http://127.0.0.1:9464/metrics) || fail "the gateway's metrics port 9464 did not answer"
grep -q '^http_requests_total' <<<"$gateway_metrics" || fail "no http_requests_total on the gateway's port 9464"
public_metrics=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/metrics)
[ "$public_metrics" = 404 ] || fail "the gateway's public port answered $public_metrics for /metrics"

step "nginx in front (plain-HTTP variant)"
export EDGE=$WORK/edge
# >>> docs:edge
EDGE=${EDGE:-/tmp/smh-edge}; mkdir -p $EDGE/logs
cp services/api-gateway/nginx/{http-common,locations}.conf /etc/nginx/mime.types $EDGE/
sed 's/api-gateway:8080/127.0.0.1:8080/' services/api-gateway/nginx/upstream.conf > $EDGE/upstream.conf
sed 's/__LISTEN__/127.0.0.1:8443/' services/api-gateway/nginx/plain-http.conf.template > $EDGE/nginx.conf
nginx -p $EDGE -c $EDGE/nginx.conf -e $EDGE/logs/error.log -g "daemon on; pid $EDGE/nginx.pid;"
curl -fsS http://127.0.0.1:8443/api/health
# <<<
echo
EDGE_URL=http://127.0.0.1:8443

step "The journey through nginx: register, session, profile download, Range, merge, subscription run"
journey "$EDGE_URL" journey "$WORK/state.json" || fail "the journey"

step "A download worker dies: the gateway and the scheduler use the other one"
victim=$(ss -Hltnp 'sport = :8001' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$victim" ] || fail "no process listens on 8001"
kill -9 "$victim"
journey "$EDGE_URL" after-worker-loss "$WORK/state.json" || fail "calls after a worker died"

step "Redis restarts (docs/operations.md, restart drill)"
# >>> docs:drill-restart-redis
redis-cli -p 6379 shutdown
redis-server --port 6379 --bind 127.0.0.1 --dir "$DRILL/redis" --appendonly yes --daemonize yes \
  --pidfile "$DRILL/redis/redis.pid" --logfile "$DRILL/redis/redis.log"
# <<<
for port in 8011 8080; do wait_ready "$port" || fail "port $port did not become ready after the Redis restart"; done
journey "$EDGE_URL" after-restart "$WORK/state.json" || fail "a download after the Redis restart"

step "PostgreSQL restarts"
# >>> docs:drill-restart-postgres
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DRILL/pg" -l "$DRILL/pg/server.log" -m fast -w restart \
  -o "-p 5432 -k $DRILL/pg -c listen_addresses=127.0.0.1"
# <<<
for port in 8011 8080; do wait_ready "$port" || fail "port $port did not become ready after the PostgreSQL restart"; done
journey "$EDGE_URL" after-restart "$WORK/state.json" || fail "a download after the PostgreSQL restart"

step "Stop with an event stream open: every process exits by itself"
journey "$EDGE_URL" open-stream "$WORK/state.json" > "$WORK/stream.txt" 2>&1 &
for _ in $(seq 1 120); do grep -q "stream open" "$WORK/stream.txt" && break; sleep 0.5; done
grep -q "stream open" "$WORK/stream.txt" || fail "could not open an event stream: $(cat "$WORK/stream.txt")"
[ -n "$(pids_of "$SERVICE_PROCESSES")" ] || fail "no service process running before the stop (pattern $SERVICE_PROCESSES)"
# >>> docs:stop
pkill -TERM -f "services/.*/src/main.ts"
# <<<
for _ in $(seq 1 60); do [ -z "$(pids_of "$SERVICE_PROCESSES")" ] && break; sleep 0.5; done
[ -z "$(pids_of "$SERVICE_PROCESSES")" ] || fail "processes still running 30 s after SIGTERM: $(pgrep -af "$SERVICE_PROCESSES")"
# The end of the stream travels gateway -> nginx -> client after the gateway has gone: the client gets a moment.
for _ in $(seq 1 20); do grep -q "stream ended" "$WORK/stream.txt" && break; sleep 0.5; done
grep -q "stream ended" "$WORK/stream.txt" || fail "the event stream was not ended by the gateway: $(cat "$WORK/stream.txt")"
stopped=0
for _ in $(seq 1 20); do
  stopped=$(cat "$WORK"/logs/*.log | grep -c '"msg":"stopped"' || true)
  [ "$stopped" -ge 6 ] && break
  sleep 0.5
done
[ "$stopped" -ge 6 ] || fail "not every process logged 'stopped' ($stopped of 6)"

echo "runbook: all steps passed"
