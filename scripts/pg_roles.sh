#!/usr/bin/env bash
# Create the PostgreSQL roles and database the application expects (idempotent).
#   participatie_owner  logs in, owns the database and the tables, runs migrations;
#   participatie_app    the role the application switches to after connecting: no login,
#                       not superuser, not owner, no BYPASSRLS, so Row-Level Security applies;
#   participatie_backup logs in for pg_dump only: reads every row (BYPASSRLS, pg_read_all_data),
#                       writes nothing. The owner cannot dump: FORCEd RLS hides the rows from it.
# Usage: scripts/pg_roles.sh [psql connection options], as a superuser (e.g. -h 127.0.0.1 -U postgres).
# PARTICIPATIE_OWNER_PASSWORD, when set, becomes the owner's password.
set -euo pipefail
PSQL=(psql -v ON_ERROR_STOP=1 -q "$@")
"${PSQL[@]}" <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_app') THEN
    CREATE ROLE participatie_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_owner') THEN
    CREATE ROLE participatie_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'participatie_backup') THEN
    CREATE ROLE participatie_backup LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
GRANT participatie_app TO participatie_owner;
GRANT pg_read_all_data TO participatie_backup;
SQL
# For a networked setup (docker compose): give the owner a password when one is supplied.
if [[ -n "${PARTICIPATIE_OWNER_PASSWORD:-}" ]]; then
  "${PSQL[@]}" -v owner_password="$PARTICIPATIE_OWNER_PASSWORD" <<'SQL'
ALTER ROLE participatie_owner PASSWORD :'owner_password';
SQL
fi
if ! "${PSQL[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'participatie'" | grep -q 1; then
  "${PSQL[@]}" -c "CREATE DATABASE participatie OWNER participatie_owner"
fi
