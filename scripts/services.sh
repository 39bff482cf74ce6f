#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) answer.
# Starts them where this machine has them installed; otherwise says how to start them and fails.
set -u
pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1); }
redis_up() { (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG) || (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
fi
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis…"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  fi
fi
ok=1
pg_up || { ok=0; echo "PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres, trust auth)."; \
  echo "  Start it, e.g.: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start"; \
  echo "  or: docker compose up -d db"; }
redis_up || { ok=0; echo "Redis is not reachable on 127.0.0.1:6379."; \
  echo "  Start it, e.g.: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no"; \
  echo "  or: docker compose up -d redis"; }
[ $ok = 1 ] || exit 1
# The test database is created by pytest-django; the development database for `DATABASE_URL` runs:
psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='dualis'" 2>/dev/null | grep -q 1 || \
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE dualis" >/dev/null 2>&1 || true
echo "PostgreSQL and Redis are up."
