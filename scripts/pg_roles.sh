#!/usr/bin/env bash
# Create the PostgreSQL roles and database the application expects (idempotent).
#   participatie_owner  logs in, owns the database and the tables; used for migrations, flush
#                       and creating test databases only, never by a request;
#   participatie_app    the role the application logs in as: not superuser, not owner, no
#                       BYPASSRLS, so Row-Level Security applies to every transaction it runs,
#                       directly or through a transaction-pooling PgBouncer (it never switches
#                       roles, so no server connection can be left as the owner);
#   participatie_backup logs in for pg_dump only: reads every row (BYPASSRLS, pg_read_all_data),
#                       writes nothing. The owner cannot dump: FORCEd RLS hides the rows from it.
# Usage: scripts/pg_roles.sh [psql connection options], as a superuser (e.g. -h 127.0.0.1 -U postgres).
# PARTICIPATIE_OWNER_PASSWORD / PARTICIPATIE_APP_PASSWORD, when set, become the passwords.
set -euo pipefail
PSQL=(psql -v ON_ERROR_STOP=1 -q "$@")
"${PSQL[@]}" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_app') THEN
    CREATE ROLE participatie_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  -- Installations from before the app role logged in itself: let it log in now.
  ALTER ROLE participatie_app LOGIN;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_owner') THEN
    CREATE ROLE participatie_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_backup') THEN
    CREATE ROLE participatie_backup LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
-- The owner may act as the app role (the restore drill checks the grants that way); the app
-- role is a member of nothing, so a session of the application cannot become the owner.
GRANT participatie_app TO participatie_owner;
GRANT pg_read_all_data TO participatie_backup;
SQL
# For a networked setup (docker compose): give the logins a password when one is supplied.
if [[ -n "${PARTICIPATIE_OWNER_PASSWORD:-}" ]]; then
  "${PSQL[@]}" -v owner_password="$PARTICIPATIE_OWNER_PASSWORD" <<'SQL'
ALTER ROLE participatie_owner PASSWORD :'owner_password';
SQL
fi
if [[ -n "${PARTICIPATIE_APP_PASSWORD:-}" ]]; then
  "${PSQL[@]}" -v app_password="$PARTICIPATIE_APP_PASSWORD" <<'SQL'
ALTER ROLE participatie_app PASSWORD :'app_password';
SQL
fi
if ! "${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'participatie'" | grep -q 1; then
  "${PSQL[@]}" -c "CREATE DATABASE participatie OWNER participatie_owner"
fi
