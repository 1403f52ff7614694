#!/bin/bash
# Soak: 10,000 records through random faults (half the requests meet one),
# filed in waves while syncs run; at the end both sides hold exactly the
# same records once, intact. MQ_SOAK_RECORDS overrides the count.
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
total=${MQ_SOAK_RECORDS:-10000}
setup_enrolled_kiosk
start_proxy 42
proxy_config 1

step "file $total records in waves, syncing through random faults"
set_fault random
waves=10
for w in $(seq 1 $waves); do
  fill $((total / waves)) "wave$w"
  for _ in 1 2 3; do
    "$KIOSK" sync --once --config "$PROXY_CFG" >/dev/null 2>>"$WORK/sync.log" || true
    check_acked_subset
  done
done
faults=$(grep -c '^fault [^p]' "$WORK/proxy.log")
echo "faults injected: $faults ($(grep '^fault' "$WORK/proxy.log" | sort | uniq -c | tr '\n' ' '))"
[ "$faults" -ge 20 ] || fail "too few faults injected ($faults) for a soak"

step "the faults stop; everything arrives"
set_fault pass
sync_until_done "$PROXY_CFG" 5
check_invariants
[ "$(server_db "SELECT COUNT(*) FROM records")" = "$total" ] || fail "expected $total records on the server"
echo "e2e_soak: ok ($total records)"
