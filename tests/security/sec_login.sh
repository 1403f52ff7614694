#!/bin/bash
# Item 4: anyone could lock staff out (5 wrong passwords locked a name from
# every address; 30 failures locked an address, which behind a reverse proxy
# is everyone). Now: growing delays per account and address, the address
# taken from X-Forwarded-For only from a trusted proxy.
. "$(dirname "$0")/lib.sh"
printf '[server]\ntrusted_proxy = 127.0.0.9\n' >"$WORK/server.ini"
"$SERVER" seed-demo --db "$DB_URL" >/dev/null 2>&1 || fail "seed-demo"
echo 'a long admin password' | "$SERVER" staff-add admin --role admin --db "$DB_URL" \
  >/dev/null 2>&1 || fail "staff-add"
seed_and_start "$WORK/server.ini"
step "wrong passwords from one address, the right one from others"
$PY login "$PORT" 'a long admin password' || fail "throttling"
step "failure counts quiet for a day are purged by the next failure"
n=$(server_db "SELECT count(*) FROM throttle")
[ "$n" -gt 2 ] || fail "only $n failure counts"
server_db "UPDATE throttle SET last_at = last_at - 90000"
$PY fail-once "$PORT" || fail "one more failure"
[ "$(server_db "SELECT count(*) FROM throttle")" = 2 ] ||
  fail "old counts stayed: $(server_db "SELECT * FROM throttle")"
echo "sec_login: ok"
