#!/bin/bash
# Offline: with the server down the kiosk keeps filing; when it returns one
# sync brings every record exactly once, and another sync changes nothing.
. "$(dirname "$0")/common.sh"
setup_enrolled_kiosk

step "one opinion while online"
file_opinion "first while online" online
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "online sync failed"

step "server goes away; three more opinions are filed"
stop_server
for i in 1 2 3; do file_opinion "filed offline number $i" "offline$i"; done
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued'")" = 3 ] || fail "three records should be queued"
if "$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync-down.json" 2>"$WORK/sync-down.err"; then
  fail "sync --once claimed success with the server down"
fi
"$KIOSK" status --config "$KIOSK_CFG" >"$WORK/status.json"
grep -q '"queue_depth": 3' "$WORK/status.json" || fail "status should show 3 queued: $(cat "$WORK/status.json")"
grep -q '"last_error": "' "$WORK/status.json" || fail "status should show the last error"

step "server returns (same database, new process); sync brings all four"
start_server "$SERVER" "$DB_URL" "$WORK/server.log" "${SERVER_URL##*:}" || fail "server did not restart"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync-up.json" || fail "sync after restart failed"
grep -q '"acknowledged":3' "$WORK/sync-up.json" || fail "expected 3 acknowledged: $(cat "$WORK/sync-up.json")"
[ "$(server_db "SELECT COUNT(*) FROM opinions")" = 4 ] || fail "server should hold exactly 4 opinions"
[ "$(server_db "SELECT COUNT(*) FROM records")" = 4 ] || fail "server should hold exactly 4 records"
for token in $(kiosk_db "SELECT token FROM opinions"); do
  [ "$(server_db "SELECT COUNT(*) FROM opinions WHERE token='$token'")" = 1 ] || fail "token $token not on the server exactly once"
done
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='acked'")" = 4 ] || fail "kiosk should have 4 acknowledged"

step "sync again: nothing changes"
before=$(server_db "SELECT COUNT(*), MAX(received_at) FROM records")
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync-again.json" || fail "repeat sync failed"
grep -q '"acknowledged":0' "$WORK/sync-again.json" || fail "repeat sync sent records again"
[ "$(server_db "SELECT COUNT(*), MAX(received_at) FROM records")" = "$before" ] || fail "repeat sync changed the server"
echo "e2e_offline: ok"
