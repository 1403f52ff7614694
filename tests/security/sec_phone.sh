#!/bin/bash
# The phone side (/f/{studio}) against robots, without a captcha: a burst
# from one address gets a few through and then the friendly 429 page; the
# limit follows the client behind the trusted proxy, not the proxy, and an
# untrusted client's X-Forwarded-For is not believed; a filled honeypot is
# answered like a filing and stores nothing; one form sent twice is stored
# once and answered alike.
. "$(dirname "$0")/lib.sh"
PHONE="python3 $SEC/phone.py"
printf '[server]\ntrusted_proxy = 127.0.0.9\n' >"$WORK/server.ini"
seed_and_start "$WORK/server.ini"
opinions() { server_db "SELECT count(*) FROM opinions WHERE channel = 'phone'"; }

step "50 opinions in a row from 127.0.0.2: a few through, the rest the 429 page"
out=$($PHONE burst "$PORT" 50 127.0.0.2) || fail "burst"
echo "$out"
through=${out#through=}; through=${through%% *}
[ "$through" -ge 1 ] && [ "$through" -le 15 ] || fail "burst: $out"
[ "$out" = "through=$through refused=$((50 - through))" ] || fail "burst: $out"
[ "$(opinions)" = "$through" ] || fail "stored $(opinions), answered $through as stored"
grep -q "phone: POST /f/hubin from 127.0.0.2 refused" "$WORK/server.log" || fail "no log line"

step "127.0.0.2 claiming another address, not from the trusted proxy: still refused"
out=$($PHONE burst "$PORT" 1 127.0.0.2 198.51.100.1) || fail "spoofed burst"
[ "$out" = "through=0 refused=1" ] || fail "X-Forwarded-For believed from 127.0.0.2: $out"

step "behind the trusted proxy 127.0.0.9: counted per client, not per proxy"
out=$($PHONE burst "$PORT" 20 127.0.0.9 203.0.113.5) || fail "proxied burst"
[ "$out" = "through=$through refused=$((20 - through))" ] || fail "proxied burst: $out"
out=$($PHONE burst "$PORT" 1 127.0.0.9 203.0.113.6) || fail "second proxied client"
[ "$out" = "through=1 refused=0" ] || fail "another client behind the proxy was refused: $out"
n=$(opinions)

step "a robot filling the honeypot: answered like a filing, nothing stored"
records=$(server_db "SELECT count(*) FROM records")
loc=$($PHONE honeypot "$PORT" 127.0.0.5) || fail "honeypot"
[ "$(opinions)" = "$n" ] && [ "$(server_db "SELECT count(*) FROM records")" = "$records" ] \
  || fail "the honeypot submission was stored"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVER_URL${loc%%\?*}")
[ "$code" = 404 ] || fail "the decoy $loc opens a page ($code)"

step "the same opinion posted twice in a row: stored once, the same answer"
read -r first second < <($PHONE twice "$PORT" 127.0.0.6) || fail "twice"
[ -n "$first" ] && [ "$first" = "$second" ] || fail "answers $first and $second"
[ "$(opinions)" = $((n + 1)) ] || fail "stored $(( $(opinions) - n )) times"
tok=${first#/t/}; tok=${tok%%\?*}
[ "$(server_db "SELECT channel FROM opinions WHERE token = '$tok'")" = phone ] || fail "channel"
echo "sec_phone: ok"
