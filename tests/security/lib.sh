# tests/security/lib.sh — set-up shared by the security scripts. Sourced
# with the script's arguments: SERVER KIOSK. Gives WORK, DB_URL (SQLite in
# WORK, or with MQ_TEST_DB=pg a database in the test PostgreSQL cluster:
# scripts/lib.sh test_db), the server's start/stop (scripts/lib.sh),
# step/fail, an enrolled kiosk (enroll_kiosk), and $PY for the Python
# helpers of sec.py.
set -u
SERVER=$1
KIOSK=$2
SEC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$SEC/../../scripts/lib.sh"
PY="python3 $SEC/sec.py"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mq-sec-XXXXXX")
test_db "$WORK" || exit 1
cleanup() {
  [ -n "${FAKE_PID:-}" ] && { kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; }
  stop_server
  test_db_drop
  if [ "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

step() { echo "--- $*"; }
fail() { echo "FAIL: $*" >&2; [ -f "$WORK/server.log" ] && tail -15 "$WORK/server.log" >&2; exit 1; }

# seed_and_start [CONFIG] — the demo district, and the server on loopback
seed_and_start() {
  "$SERVER" seed-demo --db "$DB_URL" >"$WORK/seed.log" 2>&1 || fail "seed-demo failed"
  [ -n "${1:-}" ] && SERVER_ARGS="${SERVER_ARGS:-} --config $1"
  start_server "$SERVER" "$DB_URL" "$WORK/server.log" || fail "server did not start"
  PORT=${SERVER_URL##*:}
}

# enroll_kiosk DIR [EXTRA_INI] — a kiosk of hubin enrolled at $SERVER_URL,
# its config in DIR/kiosk.ini, its data in DIR/data
enroll_kiosk() {
  mkdir -p "$1/data"
  cat >"$1/kiosk.ini" <<INI
[kiosk]
data_dir = $1/data
server_url = $SERVER_URL
public_url = $SERVER_URL
size = 1280x800
${2:-}
INI
  code=$("$SERVER" kiosk-code --studio hubin --db "$DB_URL") || fail "kiosk-code failed"
  "$KIOSK" enroll --server "$SERVER_URL" --code "$code" --config "$1/kiosk.ini" \
    >"$1/enroll.log" 2>&1 || fail "enroll failed: $(cat "$1/enroll.log")"
}

server_db() { test_db_sql "$1"; }

# service_gesture — the script lines that open the service screen's PIN pad
# (five taps on the studio name); pin_lines PIN — typing PIN and 进入
service_gesture() {
  printf 'tap ui.studio\n%.0s' 1 2 3 4 5
  echo "wait-for service.pin"
}
pin_lines() {
  for d in $(echo "$1" | grep -o .); do echo "tap service.key.$d"; done
  echo "tap service.unlock"
}
