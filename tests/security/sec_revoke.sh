#!/bin/bash
# Item 6: there was no revocation (a stolen board kept its access). Now
# `minqing-server kiosk-revoke --device ID` (and the admin console action,
# test_security_server) revokes a kiosk, audited; every signed route then
# answers a signed 401 "revoked"; the kiosk keeps its queue and its service
# screen says so. (Open311 keys: test_security_server.)
. "$(dirname "$0")/lib.sh"
seed_and_start
enroll_kiosk "$WORK/k"
"$MQ_FILL" "$WORK/k/data" 2 before >/dev/null || fail "mq-fill"
"$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null || fail "sync before"
device=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device_id"])' "$WORK/k/data/device.json")

step "kiosk-revoke: unknown device, the device, the device again"
"$SERVER" kiosk-revoke --device kiosk-nobody --db "$DB_URL" 2>/dev/null && fail "an unknown device"
"$SERVER" kiosk-revoke --device "$device" --db "$DB_URL" >"$WORK/revoke.out" ||
  fail "kiosk-revoke failed"
grep -q "revoked $device" "$WORK/revoke.out" || fail "kiosk-revoke said: $(cat "$WORK/revoke.out")"
"$SERVER" kiosk-revoke --device "$device" --db "$DB_URL" 2>"$WORK/again.err" &&
  fail "revoking twice succeeded"
grep -q "revoked already" "$WORK/again.err" || fail "twice: $(cat "$WORK/again.err")"
[ "$(server_db "SELECT count(*) FROM audit_log WHERE action = 'kiosk.revoke' AND subject = '$device'")" = 1 ] ||
  fail "no audit entry"

step "the stolen board syncs no more; its record stays queued"
"$MQ_FILL" "$WORK/k/data" 1 after >/dev/null
before=$(server_db "SELECT count(*) FROM records")
if "$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null 2>"$WORK/sync.err"; then
  fail "a revoked kiosk synced"
fi
grep -q "revoked" "$WORK/sync.err" || fail "sync: $(cat "$WORK/sync.err")"
[ "$(server_db "SELECT count(*) FROM records")" = "$before" ] || fail "a revoked kiosk stored records"
[ "$(sqlite3 "$WORK/k/data/kiosk.db" "SELECT count(*) FROM outbox WHERE state = 'queued'")" = 1 ] ||
  fail "the queue moved"
grep -q "GET /api/v1/kiosk/state 401\|POST /api/v1/records 401" "$WORK/server.log" || fail "no 401 logged"

step "its service screen says it was revoked"
cat >"$WORK/service.script" <<SCRIPT
wait-for home.file_opinion
$(service_gesture)
$(pin_lines 2468)
wait-for service.revoked
expect-text 本机已被区里停用
screenshot $WORK/revoked.png
SCRIPT
"$KIOSK" --headless --config "$WORK/k/kiosk.ini" --script "$WORK/service.script" >"$WORK/service.log" 2>&1 ||
  { tail "$WORK/service.log" >&2; fail "service screen"; }

step "re-enrolled with a new code, it works again and the message is gone"
rm "$WORK/k/data/device.json"
code=$("$SERVER" kiosk-code --studio hubin --db "$DB_URL")
"$KIOSK" enroll --server "$SERVER_URL" --code "$code" --config "$WORK/k/kiosk.ini" >/dev/null 2>&1 ||
  fail "re-enroll"
"$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null || fail "sync after re-enrolling"
sed -i -e 's/wait-for service.revoked/wait-for service.device/' -e 's/expect-text 本机已被区里停用/expect-no-text 本机已被区里停用/' -e 's/revoked.png/reenrolled.png/' \
  "$WORK/service.script"
"$KIOSK" --headless --config "$WORK/k/kiosk.ini" --script "$WORK/service.script" >"$WORK/service2.log" 2>&1 ||
  { tail "$WORK/service2.log" >&2; fail "service screen after re-enrolling"; }
echo "sec_revoke: ok"
