#!/usr/bin/env bash
# Starts the service exactly as a new user would (npm start, no DATABASE_URL), waits for the
# readiness probe, signs up, then stops it. `npm start` forks (npm → sh → node), so it runs in its
# own process group and the whole group is stopped: SIGTERM, then SIGKILL after a grace. The port
# must be free afterwards (no server left behind).
set -euo pipefail
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-3917}
grace_seconds=20
log=$(mktemp)

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_in_use "$port"; then echo "port $port is already in use"; exit 1; fi

env -u DATABASE_URL -u REDIS_URL DATA_DIR="$data_dir" PORT=$port HOST=127.0.0.1 setsid npm start >"$log" 2>&1 &
pgid=$! # setsid makes the child the leader of a new group: its pid is the group id

group_alive() { kill -0 -- "-$pgid" 2>/dev/null; }
stop_group() {
  group_alive || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 $((grace_seconds * 10))); do group_alive || return 0; sleep 0.1; done
  echo "still running $grace_seconds s after SIGTERM: SIGKILL"
  kill -KILL -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 50); do group_alive || return 0; sleep 0.1; done
}
cleanup() {
  status=$?
  stop_group
  wait "$pgid" 2>/dev/null || true
  rm -rf "$data_dir"
  if group_alive; then echo "the npm start process group survived SIGKILL"; status=1; fi
  if port_in_use "$port"; then echo "port $port still in use after stopping npm start"; status=1; fi
  [ "$status" = 0 ] || { echo "--- service log"; cat "$log"; }
  rm -f "$log"
  exit "$status"
}
trap cleanup EXIT

for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
  if ! group_alive; then echo "npm start exited early"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready"
echo
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/auth/signup" \
  -H 'content-type: application/json' \
  -d '{"organizationName":"Smoke","organizationSlug":"smoke","email":"smoke@example.test","name":"Smoke","password":"correct horse battery"}')
[ "$status" = 201 ] || { echo "signup answered $status"; exit 1; }
docs=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/docs")
[ "$docs" = 200 ] || { echo "/docs answered $docs"; exit 1; }
echo "smoke: ready, signup 201, docs 200"
