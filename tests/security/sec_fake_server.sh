#!/bin/bash
# Item 3: the kiosk believed any answer (a fake http:// server answering
# every record "stored" made it drop its queue and wipe personal data).
# Now the kiosk acknowledges nothing, wipes nothing and keeps no state
# without the server's signature for that very request (RFC 9421 §2.4), and
# refuses plain http:// to anything but loopback unless allow_insecure_http.
. "$(dirname "$0")/lib.sh"
seed_and_start
enroll_kiosk "$WORK/k"
"$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null || fail "the first, genuine sync"
stop_server
kdb() { sqlite3 "$WORK/k/data/kiosk.db" "$1"; }
"$MQ_FILL" "$WORK/k/data" 6 fake >/dev/null || fail "mq-fill"
phones=$(kdb "SELECT count(*) FROM outbox WHERE data LIKE '%1380000%'")
[ "$phones" = 2 ] || fail "expected 2 queued contacts, found $phones"
state_before=$(kdb "SELECT value FROM settings WHERE key = 'state'" | sha256sum)
port=$(( 20000 + ($$ * 13) % 30000 ))
sed -i "s|^server_url = .*|server_url = http://127.0.0.1:$port|" "$WORK/k/kiosk.ini"

# fake MODE — a fake server answering "stored" to everything, signed as MODE
fake() {
  [ -n "${FAKE_PID:-}" ] && { kill "$FAKE_PID"; wait "$FAKE_PID" 2>/dev/null; }
  $PY fake-server "$port" "$WORK/k/data" "$1" >"$WORK/fake-$1.log" 2>&1 &
  FAKE_PID=$!
  wait_until 10 curl -s -o /dev/null "http://127.0.0.1:$port/x" || fail "the fake server did not start"
}
expect_kept() {   # what must survive a fake answer
  [ "$(kdb "SELECT count(*) FROM outbox WHERE state = 'queued'")" = 6 ] || fail "$1: the queue moved"
  [ "$(kdb "SELECT count(*) FROM outbox WHERE data LIKE '%1380000%'")" = 2 ] || fail "$1: contacts wiped"
  [ "$(kdb "SELECT value FROM settings WHERE key = 'state'" | sha256sum)" = "$state_before" ] ||
    fail "$1: the fake state replaced the real one"
}
for mode in unsigned wrong_key other_request; do
  step "a fake server answers every record 'stored', $mode"
  fake "$mode"
  # twice: the second time the fake has a real signature of ours to answer with
  for i in 1 2; do
    if "$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >"$WORK/$mode.out" 2>"$WORK/$mode.err"; then
      fail "$mode: sync --once succeeded against a fake server"
    fi
  done
  grep -q "not signed by the server" "$WORK/$mode.err" || fail "$mode: $(cat "$WORK/$mode.err")"
  expect_kept "$mode"
done

step "the same fake, signing as the real server would: now it is believed (the test can fail)"
fake right
"$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null 2>&1 || fail "a properly signed answer was refused"
[ "$(kdb "SELECT count(*) FROM outbox WHERE state = 'queued'")" = 0 ] || fail "not acknowledged"
[ "$(kdb "SELECT count(*) FROM outbox WHERE data LIKE '%1380000%'")" = 0 ] || fail "contacts not wiped"

step "plain http:// to another machine is refused for sync and enrollment"
sed -i "s|^server_url = .*|server_url = http://192.0.2.10:8080|" "$WORK/k/kiosk.ini"
"$MQ_FILL" "$WORK/k/data" 1 insecure >/dev/null
start=$(date +%s)
if "$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null 2>"$WORK/insecure.err"; then
  fail "sync over plain http:// to another machine"
fi
grep -q "plain http://" "$WORK/insecure.err" || fail "sync: $(cat "$WORK/insecure.err")"
[ $(( $(date +%s) - start )) -lt 5 ] || fail "sync tried to connect before refusing"
cp "$WORK/k/data/device.json" "$WORK/device.before"
if "$KIOSK" enroll --server http://192.0.2.10:8080 --code AAAA-BBBB-CCCC --config "$WORK/k/kiosk.ini" \
    >/dev/null 2>"$WORK/enroll.err"; then
  fail "enrollment over plain http:// to another machine"
fi
grep -q "plain http://" "$WORK/enroll.err" || fail "enroll: $(cat "$WORK/enroll.err")"
cmp -s "$WORK/device.before" "$WORK/k/data/device.json" || fail "a refused enrollment changed device.json"

step "the service screen says so; with allow_insecure_http (a lab) it warns instead"
cat >"$WORK/service.script" <<SCRIPT
wait-for home.file_opinion
$(service_gesture)
$(pin_lines 2468)
wait-for service.device
expect-text @TEXT@
screenshot $WORK/@NAME@.png
SCRIPT
sed -e "s|@TEXT@|服务器地址必须以 https:// 开头|" -e "s|@NAME@|refused|" "$WORK/service.script" >"$WORK/s1.script"
"$KIOSK" --headless --config "$WORK/k/kiosk.ini" --script "$WORK/s1.script" >"$WORK/s1.log" 2>&1 ||
  { tail "$WORK/s1.log" >&2; fail "service screen (refused)"; }
echo "allow_insecure_http = true" >>"$WORK/k/kiosk.ini"
sed -e "s|@TEXT@|已打开 allow_insecure_http|" -e "s|@NAME@|lab|" "$WORK/service.script" >"$WORK/s2.script"
"$KIOSK" --headless --config "$WORK/k/kiosk.ini" --script "$WORK/s2.script" >"$WORK/s2.log" 2>&1 ||
  { tail "$WORK/s2.log" >&2; fail "service screen (lab)"; }
echo "sec_fake_server: ok"
