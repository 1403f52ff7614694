#!/bin/bash
# Power cuts: kill -9 the kiosk at random moments — while filing, right
# after a commit, mid-upload, after the server committed but before the kiosk
# recorded the acknowledgement, and the touchscreen app mid-flow — 200 times,
# restarting each time. Then one clean sync: every committed record is on the
# server exactly once, both databases intact. MQ_POWERCUTS overrides 200.
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
cuts=${MQ_POWERCUTS:-200}
setup_enrolled_kiosk
start_proxy 7
proxy_config 2
RANDOM=20261126   # reproducible kill times

# kill_after MS CMD... — run CMD, and kill -9 it after MS milliseconds
# (fault injection timing, not synchronisation).
kill_after() {
  ms=$1; shift
  "$@" &
  pid=$!
  sleep "$(printf '0.%03d' "$ms")"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

step "$cuts power cuts"
for i in $(seq 1 "$cuts"); do
  case $((i % 10)) in
    0) # the touchscreen app in the middle of a resident's filing
       sed -e "s|@TEXT@|power cut $i|" -e "s|@OUT@|$WORK/ui|g" "$HERE/file_opinion.script" >"$WORK/ui.script"
       kill_after $((200 + RANDOM % 700)) "$KIOSK" --headless --config "$OFFLINE_CFG" \
         --script "$WORK/ui.script" >/dev/null 2>&1 ;;
    1|2|3) # filing: inside and between the record+outbox transactions
       kill_after $((RANDOM % 40)) sh -c "exec \"$MQ_FILL\" \"$KIOSK_DATA\" 40 cut$i >>\"$WORK/filled.ids\"" ;;
    4|5|6) # mid-upload
       set_fault pass
       kill_after $((RANDOM % 60)) "$KIOSK" sync --once --config "$PROXY_CFG" >/dev/null 2>&1 ;;
    *) # after the server committed, before the kiosk recorded it: the proxy
       # holds the answer 300 ms, the kill lands inside or around that window
       fill 3 "held$i"
       set_fault delay
       kill_after $((50 + RANDOM % 400)) "$KIOSK" sync --once --config "$PROXY_CFG" >/dev/null 2>&1 ;;
  esac
  check_acked_subset
  [ "$(kiosk_db "PRAGMA quick_check")" = ok ] || fail "kiosk.db damaged after cut $i"
done
echo "records committed on the kiosk: $(kiosk_db "SELECT COUNT(*) FROM outbox"), on the server so far: $(server_db "SELECT COUNT(*) FROM records")"

step "power stays on: one clean sync brings everything"
set_fault pass
sync_until_done "$PROXY_CFG" 3
check_invariants
echo "e2e_powercut: ok ($cuts cuts)"
