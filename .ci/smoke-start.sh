#!/usr/bin/env bash
# Starts the service exactly as a new user would (npm start, no DATABASE_URL), waits for the
# readiness probe, signs up, and stops it with SIGTERM.
set -euo pipefail
data_dir=$(mktemp -d)
port=3917
log=$(mktemp)
env -u DATABASE_URL DATA_DIR="$data_dir" PORT=$port HOST=127.0.0.1 npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "npm start exited early"; exit 1; fi
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready" || { cat "$log"; exit 1; }
echo
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/auth/signup" \
  -H 'content-type: application/json' \
  -d '{"organizationName":"Smoke","organizationSlug":"smoke","email":"smoke@example.test","name":"Smoke","password":"correct horse battery"}')
[ "$status" = 201 ] || { echo "signup answered $status"; cat "$log"; exit 1; }
docs=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/docs")
[ "$docs" = 200 ] || { echo "/docs answered $docs"; exit 1; }
echo "smoke: ready, signup 201, docs 200"
