# tests/e2e/faults.sh — the fault proxy and the sync invariants, for the
# fault-injection suites. Sourced after common.sh. Needs MQ_PROXY and MQ_FILL.

: "${MQ_PROXY:?MQ_PROXY must name the mq-fault-proxy binary}"
: "${MQ_FILL:?MQ_FILL must name the mq-fill binary}"
FAULT_FILE="$WORK/fault"

# start_proxy [SEED] — a proxy in front of the server; PROXY_URL, PROXY_PID.
start_proxy() {
  echo pass >"$FAULT_FILE"
  "$MQ_PROXY" --listen 0 --upstream "${SERVER_URL##*:}" --control "$FAULT_FILE" \
    --seed "${1:-1}" >"$WORK/proxy.out" 2>"$WORK/proxy.log" &
  PROXY_PID=$!
  wait_until 10 grep -q '^ready' "$WORK/proxy.out" || fail "proxy did not start"
  PROXY_URL="http://127.0.0.1:$(sed -n 's/^ready //p' "$WORK/proxy.out")"
}
stop_proxy() { [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; }
set_fault() { echo "$1" >"$FAULT_FILE"; }

# proxy_config STALL — a kiosk config that syncs through the proxy.
proxy_config() {
  sed -e "s|^server_url = .*|server_url = $PROXY_URL|" "$KIOSK_CFG" >"$WORK/proxy.ini"
  echo "stall_seconds = ${1:-2}" >>"$WORK/proxy.ini"
  PROXY_CFG="$WORK/proxy.ini"
}

fill() { "$MQ_FILL" "$KIOSK_DATA" "$1" "${2:-}" >>"$WORK/filled.ids" || fail "mq-fill failed"; }

# No record is marked acknowledged on the kiosk unless the server has it.
check_acked_subset() {
  kiosk_db "SELECT id FROM outbox WHERE state='acked' ORDER BY id" >"$WORK/acked.ids"
  server_db "SELECT id FROM records ORDER BY id" >"$WORK/server.ids"
  extra=$(comm -23 "$WORK/acked.ids" "$WORK/server.ids" | head -3)
  [ -z "$extra" ] || fail "acknowledged on the kiosk but not on the server: $extra"
}

# The full invariant, once everything has been synced:
# same ids on both sides, each once, identical content, both files intact,
# nothing still queued, and no personal data left on the kiosk.
check_invariants() {
  check_acked_subset
  [ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state <> 'acked'")" = 0 ] \
    || fail "records not acknowledged: $(kiosk_db "SELECT state, COUNT(*) FROM outbox GROUP BY state")"
  kiosk_db "SELECT id FROM outbox ORDER BY id" >"$WORK/kiosk.ids"
  cmp -s "$WORK/kiosk.ids" "$WORK/server.ids" \
    || fail "id sets differ: kiosk $(wc -l <"$WORK/kiosk.ids"), server $(wc -l <"$WORK/server.ids")"
  [ "$(server_db "SELECT COUNT(*) FROM opinions")" = "$(wc -l <"$WORK/kiosk.ids")" ] \
    || fail "opinion rows differ from record rows on the server"
  kiosk_db "SELECT id, json_extract(data,'\$.token'), json_extract(data,'\$.category'),
            json_extract(data,'\$.text') FROM outbox ORDER BY id" >"$WORK/kiosk.content"
  server_db "SELECT id, token, category, text FROM opinions ORDER BY id" >"$WORK/server.content"
  cmp -s "$WORK/kiosk.content" "$WORK/server.content" || fail "content differs between kiosk and server"
  if [ -s "$WORK/filled.ids" ]; then
    sort -u "$WORK/filled.ids" >"$WORK/filled.sorted"
    missing=$(comm -23 "$WORK/filled.sorted" "$WORK/kiosk.ids" | head -3)
    [ -z "$missing" ] || fail "committed by the filer but gone from the kiosk: $missing"
  fi
  [ "$(kiosk_db "PRAGMA integrity_check")" = ok ] || fail "kiosk.db integrity"
  # PostgreSQL keeps its own pages (checksums, WAL); SQLite is asked
  [ -n "${PG_NAME:-}" ] || [ "$(server_db "PRAGMA integrity_check")" = ok ] || fail "server.db integrity"
  [ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE data LIKE '%1380000%'")" = 0 ] \
    || fail "a phone number survived acknowledgement on the kiosk"
}

# sync_until_done CONFIG MAX — sync --once until it reports everything
# acknowledged (at most MAX runs), checking the subset invariant after each.
sync_until_done() {
  for _i in $(seq 1 "$2"); do
    if "$KIOSK" sync --once --config "$1" >"$WORK/sync.out" 2>>"$WORK/sync.log"; then
      check_acked_subset
      return 0
    fi
    check_acked_subset
  done
  fail "not everything synced after $2 runs: $(tail -3 "$WORK/sync.log")"
}
