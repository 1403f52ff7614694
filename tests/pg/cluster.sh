#!/bin/sh
# tests/pg/cluster.sh — a throwaway PostgreSQL 15 cluster for the tests, from
# Debian's postgresql-15: initdb into a temporary directory, then pg_ctl
# start listening only on a unix socket in that directory (no TCP port, so
# parallel runs never collide). PostgreSQL refuses to run as root; as root
# (CI) the cluster belongs to the "postgres" user and runs through runuser.
#
#   cluster.sh start STATE_DIR   prints the admin URL; STATE_DIR/url holds it
#   cluster.sh stop STATE_DIR    stops the cluster and removes its files
#   cluster.sh url STATE_DIR     the admin URL of a running cluster
#
# The admin URL is postgresql:///postgres?host=SOCKDIR&port=5432&user=postgres;
# tests create a database each (CREATE DATABASE) and drop it afterwards.
# Tests run with fsync off (a crash loses a test cluster, nothing else);
# MQ_PG_DURABLE=1 keeps PostgreSQL's durable defaults (bench/backends.sh).
set -eu
cmd=${1:?usage: cluster.sh start|stop|url STATE_DIR}
state=${2:?usage: cluster.sh start|stop|url STATE_DIR}
bin=${MQ_PG_BIN:-/usr/lib/postgresql/15/bin}
port=5432

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  [ -x "$bin/initdb" ] || { echo "cluster.sh: $bin/initdb missing: install postgresql-15" >&2; exit 1; }
  mkdir -p "$state"
  if [ -f "$state/url" ] && as_owner "$bin/pg_ctl" -D "$(cat "$state/data")" status >/dev/null 2>&1; then
    cat "$state/url"; exit 0
  fi
  # The socket path must stay under 107 bytes, so the cluster lives in /tmp.
  dir=$(mktemp -d /tmp/mq-pg-XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 755 "$dir"
  # C.UTF-8: text sorts bytewise, as in SQLite (docs/DEPLOY.md asks the same).
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    >"$state/initdb.log" 2>&1 || { cat "$state/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
port = $port
max_connections = 200
shared_buffers = 64MB
max_pred_locks_per_transaction = 256
CONF
  if [ -z "${MQ_PG_DURABLE:-}" ]; then
    printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$dir/data" >"$state/data"
  echo "postgresql:///postgres?host=$dir&port=$port&user=postgres" >"$state/url"
  cat "$state/url"
  ;;
stop)
  [ -f "$state/data" ] || exit 0
  data=$(cat "$state/data")
  as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$(dirname "$data")"
  rm -f "$state/data" "$state/url"
  ;;
url)
  cat "$state/url"
  ;;
*)
  echo "usage: cluster.sh start|stop|url STATE_DIR" >&2; exit 2
  ;;
esac
