#!/usr/bin/env bash
# Starts Debian's PostgreSQL on loopback for the store tests and prints the
# connection URL they use (GATEHOUSE_TEST_POSTGRES). Safe to run again: an
# already running server, role or database is left as it is.
set -euo pipefail

user=gatehouse_test
password=gatehouse_test
database=gatehouse_test

version=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $1}')
cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR==1 {print $2}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  cluster=main
  pg_createcluster "$version" "$cluster" >/dev/null
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $3}')
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}')
# Only the URL goes to stdout: callers capture it. What the PostgreSQL tools
# print ("Removed stale pid file." after a reboot, warnings) goes to stderr.
[ "$status" = online ] || pg_ctlcluster "$version" "$cluster" start >&2

as_postgres() { runuser -u postgres -- "$@"; }
for _ in $(seq 1 50); do
  as_postgres psql -p "$port" -qAtc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
if ! as_postgres psql -p "$port" -qAtc "select 1 from pg_roles where rolname='$user'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "create role $user login password '$password' createdb" >&2
fi
if ! as_postgres psql -p "$port" -qAtc "select 1 from pg_database where datname='$database'" | grep -q 1; then
  as_postgres psql -p "$port" -qc "create database $database owner $user" >&2
fi
echo "postgres://$user:$password@127.0.0.1:$port/$database"
