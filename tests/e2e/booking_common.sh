# tests/e2e/booking_common.sh — set-up shared by the booking, race and
# attendance end-to-end tests. Sourced. Arguments of the test:
# minqing-server and mq-post-records (tests/tools), the test-only signed client.
# Gives, beyond common.sh: TOOL, start_roster_server, enroll NAME, import_roster,
# local_date OFFSET_DAYS, utc LOCAL_DATE HH:MM[:SS].
. "$(dirname "$0")/common.sh"
TOOL=$KIOSK

# Seeds the demo district without its demo shifts (they follow the real
# clock; each test imports the roster it judges) and starts the server.
start_roster_server() {
  step "seed the demo district and start the server"
  "$SERVER" seed-demo --db "$DB_URL" >"$WORK/seed.log" 2>&1 || fail "seed-demo failed"
  server_db "DELETE FROM duty_slots WHERE shift IN (SELECT id FROM duty_shifts WHERE source = 'seed');
             DELETE FROM duty_shifts WHERE source = 'seed';" || fail "cannot clear demo shifts"
  start_server "$SERVER" "$DB_URL" "$WORK/server.log" || fail "server did not start"
}

# enroll NAME — a kiosk identity of studio hubin in $WORK/NAME.json
enroll() {
  _code=$("$SERVER" kiosk-code --studio hubin --db "$DB_URL" 2>/dev/null) || fail "kiosk-code failed"
  "$TOOL" enroll "$SERVER_URL" "$_code" "$WORK/$1.json" || fail "enroll $1 failed"
}

# import_roster FILE — roster-import into the running server's database
import_roster() {
  "$SERVER" roster-import "$1" --db "$DB_URL" >"$WORK/import.out" 2>"$WORK/import.err" \
    || fail "roster-import $1: $(cat "$WORK/import.err")"
}

# local_date N — the Asia/Shanghai date N days from today (N may be negative)
local_date() { date -u -d "@$(( $(date +%s) + 8 * 3600 + $1 * 86400 ))" +%F; }

# utc DATE HH:MM[:SS] — RFC 3339 UTC of that Asia/Shanghai wall time
utc() { date -u -d "@$(( $(date -u -d "$1 $2" +%s) - 8 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ; }

# post NAME FILE — POST the records in FILE signed as kiosk NAME; the answer on stdout
post() { "$TOOL" post "$SERVER_URL" "$WORK/$1.json" "$2"; }

# result ANSWER I — the result of record I in a records answer
result() { printf '%s' "$1" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][int(sys.argv[1])]["result"])' "$2"; }
