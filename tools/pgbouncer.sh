#!/usr/bin/env bash
# Runs a command with PgBouncer in transaction-pooling mode between it and the local PostgreSQL:
#   tools/pgbouncer.sh npx jest --selectProjects integration      (npm run test:pgbouncer)
# Starts Debian's pgbouncer on a free port (PGBOUNCER_PORT, default 6432 or the next free one)
# in front of PGBOUNCER_UPSTREAM (default 127.0.0.1:5432), runs the command with
#   DATABASE_URL=postgresql://postgres@127.0.0.1:<port>/postgres        (through PgBouncer)
#   TEST_DIRECT_DATABASE_URL=postgresql://postgres@<upstream>/postgres  (direct: the test setup
#     creates databases and migrates with it; migrations take a session advisory lock and the
#     job queue LISTENs, neither of which a transaction pooler keeps),
# then stops PgBouncer (by its pid) whatever happens. Server connections per database are
# deliberately fewer (PGBOUNCER_POOL_SIZE, default 4) than the app's pool, so transactions of
# different clients really take turns on the same server connections.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 command [args...]"; exit 2; }

binary=$(command -v pgbouncer || true)
[ -n "$binary" ] || { echo "pgbouncer is not installed (Debian: apt-get install -y pgbouncer)"; exit 1; }
upstream=${PGBOUNCER_UPSTREAM:-127.0.0.1:5432}
upstream_host=${upstream%:*}
upstream_port=${upstream##*:}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${PGBOUNCER_PORT:-6432}
while port_in_use "$port"; do port=$((port + 1)); done

dir=$(mktemp -d /tmp/switchyard-pgbouncer.XXXXXX)
chmod 755 "$dir"
cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$upstream_host port=$upstream_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 4000
default_pool_size = ${PGBOUNCER_POOL_SIZE:-4}
reserve_pool_size = 0
ignore_startup_parameters = extra_float_digits
; With PostgreSQL down, fail a waiting client after 5 s (the app answers 503 DATABASE_UNAVAILABLE
; and readiness flips) instead of holding it for the default 120 s; retry server logins each second.
query_wait_timeout = 5
server_login_retry = 1
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
admin_users = postgres
INI
echo '"postgres" ""' >"$dir/userlist.txt"
chmod 644 "$dir/pgbouncer.ini" "$dir/userlist.txt"

# PgBouncer refuses to run as root: as root, it drops to the postgres user.
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_user=(-u postgres)
fi
"$binary" -d "${as_user[@]}" "$dir/pgbouncer.ini"

stop() {
  status=$?
  if [ -f "$dir/pgbouncer.pid" ]; then
    pid=$(cat "$dir/pgbouncer.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  [ "$status" = 0 ] || { echo "--- pgbouncer log (tail)"; tail -20 "$dir/pgbouncer.log" 2>/dev/null || true; }
  rm -rf "$dir"
  exit "$status"
}
trap stop EXIT

for _ in $(seq 1 100); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
pg_isready -h 127.0.0.1 -p "$port" >/dev/null
echo "PgBouncer $("$binary" --version | head -1) on 127.0.0.1:$port (transaction pooling) → $upstream"

export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
export TEST_DIRECT_DATABASE_URL="postgresql://postgres@$upstream/postgres"
export PGBOUNCER_ADMIN_URL="postgresql://postgres@127.0.0.1:$port/pgbouncer"
"$@"
