#!/usr/bin/env bash
# The test suite runs every store test on SQLite and on PostgreSQL. This makes sure PostgreSQL answers at
# HEARTH_TEST_PG_URL (default 127.0.0.1:5432), starting the local cluster if it is installed but stopped.
set -uo pipefail
host=127.0.0.1
port=5432
up() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }
if [ -n "${HEARTH_TEST_PG_URL:-}" ] || up; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "hearth: PostgreSQL is not answering on $host:$port; starting the local cluster" >&2
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  done
  for _ in $(seq 1 30); do up && exit 0; sleep 1; done
fi
cat >&2 <<MSG
hearth: the tests need PostgreSQL at $host:$port (database "test", user "postgres", trust auth), and none answers.
  Start one (e.g. apt-get install postgresql && pg_ctlcluster 15 main start), or point the tests at another with
  HEARTH_TEST_PG_URL=jdbc:postgresql://host:port/db?user=...
MSG
exit 1
