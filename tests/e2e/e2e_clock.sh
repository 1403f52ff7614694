#!/bin/bash
# A kiosk whose clock is a day off still syncs: the server refuses the
# stale signature with its Date, the kiosk learns the offset, signs again,
# and remembers the offset for the next round (libfaketime moves the clock).
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"   # faketime preloads
setup_enrolled_kiosk

for offset in -1d +1d; do
  step "kiosk clock $offset: sync still works"
  fill 3 "clock$offset"
  before=$(grep -c 'stale' "$WORK/server.log" || true)
  faketime -f "$offset" "$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync.json" 2>"$WORK/sync.err" \
    || fail "sync with the clock $offset failed: $(tail -3 "$WORK/sync.err")"
  grep -q '"acknowledged":3' "$WORK/sync.json" || fail "expected 3 acknowledged: $(cat "$WORK/sync.json")"
  grep -q 'clock offset' "$WORK/sync.err" || fail "the kiosk did not say it corrected its clock"
  after=$(grep -c 'stale' "$WORK/server.log" || true)
  [ "$after" -gt "$before" ] || fail "the server never saw a stale signature (is faketime working?)"

  step "the offset is remembered: the next round needs no correction"
  fill 2 "again$offset"
  faketime -f "$offset" "$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync2.json" 2>"$WORK/sync2.err" \
    || fail "second sync with the clock $offset failed"
  [ "$(grep -c 'stale' "$WORK/server.log")" = "$after" ] || fail "the offset was not remembered"
done
check_invariants
echo "e2e_clock: ok"
