#!/usr/bin/env bash
# Run by the postgres image on its first start (/docker-entrypoint-initdb.d): create the owner
# and app roles and the database with scripts/pg_roles.sh, and give the owner a password so the
# other containers can log in over the network (and the app role its own).
set -euo pipefail
bash /opt/participatie/pg_roles.sh --username "$POSTGRES_USER" --dbname postgres
