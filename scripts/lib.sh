# scripts/lib.sh — helpers shared by demo.sh, test.sh and the end-to-end tests.
# Sourced, not run.

# wait_until SECONDS CMD... — run CMD until it succeeds, at most SECONDS; 0 if it did.
wait_until() {
  _limit=$1; shift
  _end=$(( $(date +%s) + _limit ))
  while ! "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$_end" ] && return 1
    sleep 0.1   # polling interval of a bounded wait, not a synchronisation sleep
  done
  return 0
}

# start_server BIN DB LOG [PORT] — starts minqing-server on loopback, sets
# SERVER_PID and SERVER_URL, waits (bounded) until /healthz answers.
# Without PORT it tries free-looking ports until one binds.
# SERVER_ARGS (optional) adds serve options; with --tls-cert set SERVER_CA too.
start_server() {
  _bin=$1 _db=$2 _log=$3 _port=${4:-}
  # DB: a SQLite file, or a --db URL (sqlite:PATH, postgresql://...)
  case $_db in sqlite:*|postgres*://*) ;; *) _db="sqlite:$_db" ;; esac
  _scheme=http; [ -n "${SERVER_CA:-}" ] && _scheme=https
  for _try in 1 2 3 4 5 6 7 8; do
    _p=${_port:-$(( 20000 + ($$ * 7 + _try * 131) % 30000 ))}
    # shellcheck disable=SC2086
    "$_bin" serve --db "$_db" --listen "127.0.0.1:$_p" ${SERVER_ARGS:-} >>"$_log" 2>&1 &
    SERVER_PID=$!
    SERVER_URL="$_scheme://127.0.0.1:$_p"
    if wait_until 20 curl -fsS ${SERVER_CA:+--cacert "$SERVER_CA"} "$SERVER_URL/healthz"; then
      return 0
    fi
    kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null
    [ -n "$_port" ] && break
  done
  echo "minqing-server did not start; its log:" >&2
  tail -20 "$_log" >&2
  return 1
}

stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  kill "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}

# test_db DIR — the server database of an end-to-end test: sets SERVER_DB
# (DIR/server.db) and DB_URL (sqlite:SERVER_DB), or with MQ_TEST_DB=pg a new
# database PG_NAME in the test PostgreSQL cluster (tests/pg/cluster.sh, its
# admin URL in MQ_TEST_PG_STATE/url, PG_ADMIN); test_db_drop removes that.
test_db() {
  SERVER_DB="$1/server.db"
  DB_URL="sqlite:$SERVER_DB"
  PG_NAME=
  [ "${MQ_TEST_DB:-}" = pg ] || return 0
  PG_ADMIN=$(cat "${MQ_TEST_PG_STATE:?MQ_TEST_DB=pg needs MQ_TEST_PG_STATE}/url") || return 1
  PG_NAME="mqe_$$"
  psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_NAME" || return 1
  DB_URL=$(printf '%s' "$PG_ADMIN" | sed "s|/postgres?|/$PG_NAME?|")
}
test_db_drop() {
  [ -z "${PG_NAME:-}" ] || psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" 2>/dev/null
}
# test_db_sql SQL — runs SQL on that database; rows as "a|b" lines
test_db_sql() {
  if [ -n "${PG_NAME:-}" ]; then psql "$DB_URL" -qtAX -v ON_ERROR_STOP=1 -c "$1"; else sqlite3 "$SERVER_DB" "$1"; fi
}
