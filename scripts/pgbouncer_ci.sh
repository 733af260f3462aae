#!/usr/bin/env bash
# Run the tenancy, RLS and API tests through a private PgBouncer in transaction pooling mode.
#
# PgBouncer listens on a free port of 127.0.0.1 with a configuration written to a temporary
# directory (trust authentication to the local PostgreSQL, no secrets), a pool of 3 server
# connections per database and user (kept open), handed out round robin: consecutive
# transactions of one client really land on different server connections. Every database name is passed through to
# 127.0.0.1:5432 (`* =`), so pytest-django can create and use its test database through it.
#
# Usage: scripts/pgbouncer_ci.sh [pytest arguments]   (tests named there replace the subset below)
# Environment (all optional): PGBOUNCER_DATABASE (participatie_pgbouncer; the test database is
# test_<it>), PGBOUNCER_UPSTREAM_HOST/PORT (127.0.0.1/5432), DATABASE_OWNER_ROLE
# (participatie_owner), DATABASE_APP_ROLE (participatie_app), PYTEST (.venv/bin/pytest).
set -euo pipefail
cd "$(dirname "$0")/.."

database=${PGBOUNCER_DATABASE:-participatie_pgbouncer}
upstream_host=${PGBOUNCER_UPSTREAM_HOST:-127.0.0.1}
upstream_port=${PGBOUNCER_UPSTREAM_PORT:-5432}
owner=${DATABASE_OWNER_ROLE:-participatie_owner}
app=${DATABASE_APP_ROLE:-participatie_app}
pytest=${PYTEST:-.venv/bin/pytest}
# The tenancy walls (scoping, RLS, middleware, tasks, web and API agreeing, the pooling proof)
# and API tests that read and write tenant rows through DRF: a few minutes on two cores. The URL
# walk (430 pages for every role) stays in `make test`: through the pooler it kept this job
# running for well over 20 minutes on two shared cores.
default_tests=(
  tests/tenancy
  --ignore=tests/tenancy/test_url_walk.py
  tests/api/test_api_participants.py
  tests/api/test_api_conventions.py
)
# Arguments that name tests replace the subset; options alone (-x, -q) are added to it.
tests=("${default_tests[@]}" "$@")
for argument in "$@"; do
  if [[ $argument != -* ]]; then tests=("$@"); break; fi
done

command -v pgbouncer >/dev/null || { echo "pgbouncer: not installed (apt-get install pgbouncer)" >&2; exit 1; }

workdir=$(mktemp -d -t participatie-pgbouncer.XXXXXX)
pid=""
drop_test_database() {  # directly on PostgreSQL: PgBouncer may hold server connections to it
  dropdb --if-exists -h "$upstream_host" -p "$upstream_port" -U "$owner" "test_${database}"
}
cleanup() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
  drop_test_database || true
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 143' INT TERM  # so that cleanup runs when the job is stopped

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# trust: no password, but the user names must be in the auth file.
printf '"%s" ""\n"%s" ""\n' "$owner" "$app" >"$workdir/userlist.txt"
cat >"$workdir/pgbouncer.ini" <<INI
[databases]
* = host=$upstream_host port=$upstream_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $workdir/userlist.txt
pool_mode = transaction
default_pool_size = 3
min_pool_size = 3
server_round_robin = 1
max_client_conn = 200
admin_users = $owner
logfile = $workdir/pgbouncer.log
pidfile = $workdir/pgbouncer.pid
INI

# PgBouncer refuses to run as root; CI runs as root, so it drops to the postgres user there.
run_as=()
if ((EUID == 0)); then
  chown -R postgres "$workdir"
  run_as=(-u postgres)
fi
pgbouncer --quiet "${run_as[@]}" "$workdir/pgbouncer.ini" &  # logs: $workdir/pgbouncer.log
pid=$!
for _ in $(seq 1 30); do
  if psql -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done
psql -h 127.0.0.1 -p "$port" -U "$owner" -d postgres -tAc "SELECT 1" >/dev/null \
  || { cat "$workdir/pgbouncer.log" >&2; exit 1; }
echo "pgbouncer: 127.0.0.1:$port, pool_mode = transaction, default_pool_size = 3"

drop_test_database
export DATABASE_URL="postgres://$owner@127.0.0.1:$port/$database"
export DATABASE_APP_ROLE=$app
export DATABASE_TRANSACTION_POOLING=true
export PGBOUNCER_TRANSACTION_POOLING=1  # the pooling proof runs only here (tests/tenancy)
# --reuse-db: pytest-django leaves the test database for cleanup() to drop directly, after
# PgBouncer has let go of its server connections to it (DROP DATABASE refuses while they live).
"$pytest" -p no:cacheprovider --reuse-db "${tests[@]}"
