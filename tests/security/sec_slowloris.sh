#!/bin/bash
# Item 1 of the attack review: one client took the server down (slowloris:
# 400 connections trickling a header line every 10 s kept /healthz refused).
# Now: at most 32 connections per address (the trusted proxy exempt), and a
# request head must arrive within 10 s however slowly it trickles.
# 400 slow connections from 127.0.0.2 and 40 idle ones from the trusted proxy
# 127.0.0.9; /healthz from 127.0.0.1 answers within 1 s throughout, and the
# slow ones are closed by the deadline.
. "$(dirname "$0")/lib.sh"
printf '[server]\ntrusted_proxy = 127.0.0.9\n' >"$WORK/server.ini"
seed_and_start "$WORK/server.ini"
[ "$(ulimit -n)" -ge 1024 ] || ulimit -n 1024 2>/dev/null || { echo "skip: too few file descriptors"; exit 77; }
step "440 connections against one server; /healthz probed every 0.2 s"
$PY slowloris "$PORT" || fail "slowloris"
grep -q "refused connections from 127.0.0.2" "$WORK/server.log" || fail "no log line for the refusals"
grep -q "did not arrive within its deadline" "$WORK/server.log" || fail "no log line for the deadline"
step "the server still serves"
curl -fsS "$SERVER_URL/healthz" >/dev/null || fail "/healthz after the attack"
echo "sec_slowloris: ok"
