#!/bin/bash
# Two batches in flight (more than one record a request), through a real
# server and the fault proxy, which logs every two uploads in flight at
# once and holds chosen answers back ("late-", 300 ms) so that the next
# batch surely goes out beside them:
#  - a batch that goes out beside another holds opinions only: a check-in or
#    check-out waits until nothing else is in flight, and everything queued
#    before it is stored by the server before it;
#  - the first of two batches in flight fails: the second is settled from
#    its own signed answer, the one read ahead behind them never goes out
#    and has its upload attempt taken back; nothing lost;
#  - the second fails after the server stored it: the first is settled, the
#    second stays queued and its resend is answered `duplicate`.
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
setup_enrolled_kiosk
start_proxy 1
proxy_config 5
echo "sync_batch = 20" >>"$PROXY_CFG"

# put COUNT TAG [KIND] — files COUNT records of KIND (opinion) with TAG in their text
put() { "$MQ_FILL" "$KIOSK_DATA" "$1" "$2" "${3:-opinion}" >>"$WORK/filled.ids" || fail "mq-fill failed"; }
queued() { kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued' AND $1"; }
tagged() { echo "json_extract(data,'\$.text') LIKE '% $1 #%'"; }

# check_beside [any] — of every two uploads the proxy saw in flight at once
# since the last check, the one later in the queue holds opinions only; and
# there was at least one (unless "any": then there may have been none)
seen=0
check_beside() {
  tail -n +$((seen + 1)) "$WORK/proxy.log" | grep -a '^overlap ' >"$WORK/overlaps" || true
  seen=$(wc -l <"$WORK/proxy.log")
  [ -s "$WORK/overlaps" ] || [ "${1:-}" = any ] || fail "no two batches were ever in flight at once"
  while read -r _ _ first1 kinds1 _ first2 kinds2; do
    r1=$(kiosk_db "SELECT rowid FROM outbox WHERE id='$first1'")
    r2=$(kiosk_db "SELECT rowid FROM outbox WHERE id='$first2'")
    [ -n "$r1" ] && [ -n "$r2" ] || fail "overlap of unknown records: $first1 $first2"
    later=$kinds2; [ "$r1" -gt "$r2" ] && later=$kinds1
    [ "$later" = opinion ] || fail "a batch of '$later' travelled beside another batch"
  done <"$WORK/overlaps"
}

step "opinions with a check-in and a check-out among them, every answer held back"
put 30 a; put 1 in checkin; put 15 b; put 1 out checkout; put 45 c
set_fault late-pass
"$KIOSK" sync --once --config "$PROXY_CFG" >"$WORK/sync.out" 2>"$WORK/sync.err" \
  || fail "sync failed: $(tail -3 "$WORK/sync.err")"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state<>'acked'")" = 0 ] \
  || fail "not all acknowledged: $(kiosk_db "SELECT state, kind, COUNT(*) FROM outbox GROUP BY 1, 2")"
check_beside
[ "$(server_db "SELECT COUNT(*) FROM records WHERE kind IN ('checkin','checkout')")" = 2 ] \
  || fail "the check-in and check-out were not stored"
# the server's rowid is its commit order: nothing queued before a check-in
# or check-out may be stored after it
late=$(kiosk_db "ATTACH '$SERVER_DB' AS s;
  SELECT COUNT(*) FROM outbox d JOIN s.records sd ON sd.id = d.id
    JOIN outbox o ON o.rowid < d.rowid JOIN s.records so ON so.id = o.id
  WHERE d.kind IN ('checkin','checkout') AND so.rowid > sd.rowid")
[ "$late" = 0 ] || fail "$late records queued before a check-in/out were stored after it"
check_acked_subset

step "the first of two batches in flight fails (503 after 300 ms)"
put 20 first; put 20 second; put 20 third
set_fault late-503~first
"$KIOSK" sync --once --config "$PROXY_CFG" >"$WORK/sync.out" 2>"$WORK/sync.err" \
  && fail "sync claimed success though a batch failed"
check_beside
check_acked_subset
[ "$(queued "$(tagged first)")" = 20 ] || fail "the failed batch is not all queued"
[ "$(queued "$(tagged second)")" = 0 ] \
  || fail "the batch beside it was not settled from its own signed answer"
[ "$(queued "$(tagged third)")" = 20 ] || fail "the batch read ahead went out"
[ "$(server_db "SELECT COUNT(*) FROM opinions WHERE text LIKE '% third #%'")" = 0 ] \
  || fail "the server has records of the batch that never went out"
[ "$(kiosk_db "SELECT SUM(attempts) FROM outbox WHERE $(tagged third)")" = 0 ] \
  || fail "the batch that never went out kept its upload attempt"
[ "$(kiosk_db "SELECT MIN(attempts) FROM outbox WHERE $(tagged first)")" = 1 ] \
  || fail "the failed batch's attempt was not counted"
set_fault pass
sync_until_done "$PROXY_CFG" 3
[ "$(queued 1)" = 0 ] || fail "records left queued"

step "the second of two batches in flight is stored but its answer lost"
put 20 fourth; put 20 fifth
set_fault late-drop~fifth
"$KIOSK" sync --once --config "$PROXY_CFG" >"$WORK/sync.out" 2>"$WORK/sync.err" \
  && fail "sync claimed success though an answer was lost"
check_beside any   # the first batch is answered at once: it may be back before the second goes
check_acked_subset
[ "$(queued "$(tagged fourth)")" = 0 ] || fail "the first batch was not settled"
[ "$(queued "$(tagged fifth)")" = 20 ] || fail "a batch without an answer was settled"
[ "$(server_db "SELECT COUNT(*) FROM opinions WHERE text LIKE '% fifth #%'")" = 20 ] \
  || fail "the server did not store the batch whose answer was lost"
set_fault pass
sync_until_done "$PROXY_CFG" 3
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE result='duplicate' AND $(tagged fifth)")" = 20 ] \
  || fail "the resend was not answered duplicate"

step "everything once on both sides"
kiosk_db "SELECT id FROM outbox ORDER BY id" >"$WORK/kiosk.ids"
server_db "SELECT id FROM records ORDER BY id" >"$WORK/server.ids"
cmp -s "$WORK/kiosk.ids" "$WORK/server.ids" || fail "id sets differ between kiosk and server"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state<>'acked'")" = 0 ] || fail "not all acknowledged"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE data LIKE '%1380000%'")" = 0 ] \
  || fail "a phone number survived acknowledgement on the kiosk"
echo "e2e_sync_overlap: ok"
