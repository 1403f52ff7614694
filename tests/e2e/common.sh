# tests/e2e/common.sh — set-up shared by the end-to-end tests. Sourced.
# Gives: SERVER KIOSK WORK DB_URL KIOSK_CFG, start/stop of the server,
# step/fail reporting, server_db SQL, and an enrolled kiosk.
# The server's database is SQLite ($WORK/server.db), or with MQ_TEST_DB=pg a
# fresh database in the test PostgreSQL cluster (tests/pg/cluster.sh,
# MQ_TEST_PG_STATE), dropped at the end: ctest runs the server-side tests
# both ways (tests/e2e/e2e.cmake).
set -u
SERVER=$1
KIOSK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mq-e2e-XXXXXX")
test_db "$WORK" || exit 1
KIOSK_CFG="$WORK/kiosk.ini"
KIOSK_DATA="$WORK/kiosk"
cleanup() {
  if [ -n "${PROXY_PID:-}" ]; then kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; fi
  stop_server
  test_db_drop
  if [ "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { echo "--- $*"; }
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -15 "$WORK/server.log" >&2; exit 1; }

# http_get URL OUTFILE — body into OUTFILE, prints the status code.
http_get() { curl -sS -o "$2" -w '%{http_code}' "$1"; }

setup_enrolled_kiosk() {
  step "seed the demo district and start the server"
  "$SERVER" seed-demo --db "$DB_URL" >"$WORK/seed.log" 2>&1 || fail "seed-demo failed"
  start_server "$SERVER" "$DB_URL" "$WORK/server.log" || fail "server did not start"

  step "enroll a kiosk for studio hubin"
  code=$("$SERVER" kiosk-code --studio hubin --db "$DB_URL") || fail "kiosk-code failed"
  [ -n "$code" ] || fail "kiosk-code printed nothing"
  mkdir -p "$KIOSK_DATA"
  cat >"$KIOSK_CFG" <<INI
[kiosk]
data_dir = $KIOSK_DATA
server_url = $SERVER_URL
size = 1280x800
${KIOSK_EXTRA:-}
INI
  "$KIOSK" enroll --server "$SERVER_URL" --code "$code" --config "$KIOSK_CFG" \
    || fail "enroll failed"
  [ "$(stat -c %a "$KIOSK_DATA/device.json")" = 600 ] || fail "device.json is not mode 0600"
  # the same code must not work twice (another data dir, same TLS settings)
  sed "s|^data_dir = .*|data_dir = $WORK/other|" "$KIOSK_CFG" >"$WORK/other.ini"
  if "$KIOSK" enroll --server "$SERVER_URL" --code "$code" --config "$WORK/other.ini" 2>/dev/null; then
    fail "a one-time code was accepted twice"
  fi
  "$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "first sync (state pull) failed"

  # The same kiosk with its network cut: residents' phones still reach the
  # public URL, the kiosk cannot reach the server, so records stay queued.
  OFFLINE_CFG="$WORK/kiosk-offline.ini"
  sed "s|^server_url = .*|server_url = http://127.0.0.1:9|" "$KIOSK_CFG" >"$OFFLINE_CFG"
  echo "public_url = $SERVER_URL" >>"$OFFLINE_CFG"
}

# file_opinion TEXT NAME [CONFIG] — files one opinion headless through the UI
# script, leaving NAME.png / NAME.json in $WORK. CONFIG defaults to the
# offline one, so the UI's background sync cannot push the record itself.
file_opinion() {
  sed -e "s|@TEXT@|$1|" -e "s|@OUT@|$WORK/$2|g" "$HERE/file_opinion.script" >"$WORK/$2.script"
  "$KIOSK" --headless --config "${3:-$OFFLINE_CFG}" --script "$WORK/$2.script" >"$WORK/$2.log" 2>&1 \
    || { tail -20 "$WORK/$2.log" >&2; fail "kiosk script $2 failed"; }
}

kiosk_db() { sqlite3 "$KIOSK_DATA/kiosk.db" "$1"; }
# server_db SQL — runs SQL on the server's database; rows as "a|b" lines
server_db() { test_db_sql "$1"; }

# console USER — signs USER in; their cookies in $WORK/USER.jar, CSRF token in CSRF_USER
console() {
  local jar=$WORK/$1.jar html csrf
  html=$(curl -sS -c "$jar" -b "$jar" "$SERVER_URL/console/login")
  csrf=$(printf '%s' "$html" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "username=$1" --data-urlencode "password=a long password" \
    "$SERVER_URL/console/login" || fail "login $1"
  html=$(curl -sS -c "$jar" -b "$jar" "$SERVER_URL/console/inbox")
  csrf=$(printf '%s' "$html" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  [ -n "$csrf" ] || fail "no session for $1"
  eval "CSRF_$1=\$csrf"
}
# form USER PATH FIELD=VALUE... — a console POST; prints the status, the page in
# $WORK/form.html, Location in $WORK/location
form() {
  local user=$1 path=$2 csrf args=()
  shift 2
  eval "csrf=\$CSRF_$user"
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -sS -o "$WORK/form.html" -D "$WORK/form.headers" -w '%{http_code}' \
    -b "$WORK/$user.jar" --data-urlencode "csrf=$csrf" "${args[@]}" "$SERVER_URL$path"
  grep -i '^location:' "$WORK/form.headers" | tr -d '\r' | sed 's/^[Ll]ocation: //' >"$WORK/location"
}
