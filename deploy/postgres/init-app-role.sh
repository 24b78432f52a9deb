#!/bin/bash
# Run once by the postgres image's entrypoint, on an empty data volume, as the superuser: creates the
# application's role, which owns its database and nothing else. Not a superuser, so it cannot read
# or write server files or run programs (COPY ... TO PROGRAM), create roles or databases.
# The password comes from a Docker secret; psql puts it in as a quoted literal.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$(cat "$RCE_DB_PASSWORD_FILE")" <<'SQL'
CREATE ROLE rce LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE rce OWNER rce;
REVOKE ALL ON DATABASE rce FROM PUBLIC;
SQL
