#!/bin/bash
# Every network fault a kiosk meets, one scenario each, through a real
# misbehaving proxy: a sync that meets the fault never claims success and
# never marks a record acknowledged that the server lacks; the next clean
# sync brings everything exactly once.
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
setup_enrolled_kiosk
start_proxy 1
proxy_config 2

for fault in refuse blackhole trickle reset drop truncate html 500 502 503 429 garbage; do
  step "fault: $fault"
  fill 7 "$fault"
  set_fault "$fault"
  if "$KIOSK" sync --once --config "$PROXY_CFG" >"$WORK/sync.out" 2>"$WORK/sync.err"; then
    fail "sync --once claimed success through '$fault'"
  fi
  check_acked_subset
  [ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued'")" -gt 0 ] \
    || fail "'$fault' emptied the queue"
  "$KIOSK" status --config "$PROXY_CFG" | grep -q '"last_error": "' || fail "status hides the error after '$fault'"
  set_fault pass
  sync_until_done "$PROXY_CFG" 3
  check_invariants
done

step "drop after commit: the resend is answered 'duplicate' and acknowledged"
fill 3 dup
set_fault drop
"$KIOSK" sync --once --config "$PROXY_CFG" >/dev/null 2>&1 && fail "sync claimed success through 'drop'"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued'")" = 3 ] || fail "the dropped batch should still be queued"
before=$(server_db "SELECT COUNT(*) FROM records")
set_fault pass
sync_until_done "$PROXY_CFG" 2
[ "$(server_db "SELECT COUNT(*) FROM records")" = "$before" ] || fail "the resend stored records twice"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE result='duplicate'")" -ge 3 ] || fail "resend not answered duplicate"
check_invariants
step "replay: the answer is lost, the same signed request arrives again; the queue goes on"
fill 4 replay
before=$(server_db "SELECT COUNT(*) FROM records")
set_fault replay
"$KIOSK" sync --once --config "$PROXY_CFG" >"$WORK/sync.out" 2>"$WORK/sync.err" \
  || fail "a replayed request stopped the sync: $(tail -3 "$WORK/sync.err")"
grep -q '^fault replay' "$WORK/proxy.log" || fail "the proxy never replayed a request"
[ "$(cat "$FAULT_FILE")" = pass ] || fail "the replay fault should be one-shot"
[ "$(server_db "SELECT COUNT(*) FROM records")" = $((before + 4)) ] \
  || fail "the replayed batch was not stored exactly once"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='acked' AND result='duplicate'
               AND json_extract(data,'\$.text') LIKE '%replay%'")" = 4 ] \
  || fail "the re-signed resend was not acknowledged as duplicate"
"$KIOSK" status --config "$PROXY_CFG" | grep -q '"last_error": "' && fail "status shows an error after a replay"
check_invariants
echo "e2e_faults: ok"
