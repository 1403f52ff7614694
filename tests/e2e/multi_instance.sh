#!/bin/bash
# multi_instance.sh — two minqing-server instances on one PostgreSQL database
# behind nginx (round-robin), as a city would run them:
#   1. 20 simulated kiosks send signed batches with retries through nginx
#      while instance A is killed (SIGKILL) and restarted mid-run: every
#      record is stored exactly once, every acknowledged one is there;
#   2. the same booking slot attacked from both instances at once is never
#      overbooked;
#   3. a request replayed to the other instance is refused (shared nonces);
#   4. a console session made on A opens pages on B, and failed logins on
#      both add up to one growing delay (shared sessions and throttle);
#   5. a kiosk and an Open311 key revoked in the console on A are refused by B;
#   6. two reminder runs at once, one per instance host, send each reminder once;
#   7. two supervise passes at once (督查: escalations and their messages, the
#      daily digests) escalate each item once and send each message once.
# Usage: multi_instance.sh MINQING-SERVER MQ-POST-RECORDS   (needs nginx,
# psql and the test cluster: MQ_TEST_PG_STATE, tests/pg/cluster.sh).
# MQ_SLOW=1 runs a bigger swarm (50 batches a kiosk instead of 8).
set -u
SERVER=$1
TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/lib.sh"

KIOSKS=20
BATCHES=8; [ -n "${MQ_SLOW:-}" ] && BATCHES=50
SIZE=5
TOTAL=$((KIOSKS * BATCHES * SIZE))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mq-multi-XXXXXX")
PG_ADMIN=$(cat "${MQ_TEST_PG_STATE:?needs the test cluster}/url") || exit 1
PG_NAME="mqm_$$"
DB_URL=$(printf '%s' "$PG_ADMIN" | sed "s|/postgres?|/$PG_NAME?|")
A_PID= B_PID= NGINX_PID= RECV_PID=
cleanup() {
  for p in $A_PID $B_PID $NGINX_PID $RECV_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $PG_NAME WITH (FORCE)" 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { echo "--- $*"; }
fail() { echo "FAIL: $*" >&2; tail -5 "$WORK"/a.log "$WORK"/b.log "$WORK"/nginx/error.log >&2 2>/dev/null; exit 1; }
db() { psql "$DB_URL" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

step "one PostgreSQL database: seeded, a roster for tomorrow"
psql "$PG_ADMIN" -qc "CREATE DATABASE $PG_NAME" || fail "create database"
"$SERVER" seed-demo --db "$DB_URL" 2>"$WORK/seed.log" || fail "seed-demo"
day=$(date -u -d "@$(( $(date +%s) + 8 * 3600 + 86400 ))" +%F)
printf '%s\n%s\n' "kind,studio,member,date,start,end,slot_minutes,capacity,until,note" \
  "shift,xiaoying,xiaoying-01,$day,19:00,21:00,30,2,," >"$WORK/roster.csv"
"$SERVER" roster-import "$WORK/roster.csv" --db "$DB_URL" >/dev/null 2>&1 || fail "roster-import"

step "instances A and B, and nginx round-robin in front of them"
PORT_A=$(free_port) PORT_B=$(free_port) PORT_N=$(free_port)
start_instance() {   # NAME PORT — sets NAME_PID
  "$SERVER" serve --db "$DB_URL" --listen "127.0.0.1:$2" >>"$WORK/$1.log" 2>&1 &
  eval "${1^^}_PID=$!"
  wait_until 20 curl -fsS "http://127.0.0.1:$2/healthz" || fail "instance $1 did not start"
}
start_instance a "$PORT_A"
start_instance b "$PORT_B"
A="http://127.0.0.1:$PORT_A" B="http://127.0.0.1:$PORT_B" LB="http://127.0.0.1:$PORT_N"
mkdir -p "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  upstream minqing {
    server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=2s;
    server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=2s;
  }
  server {
    listen 127.0.0.1:$PORT_N;
    location / {
      proxy_pass http://minqing;
      proxy_set_header Host \$host;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
    }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/out.log" 2>&1 &
NGINX_PID=$!
wait_until 20 curl -fsS "$LB/healthz" || fail "nginx did not start"

step "$KIOSKS kiosks enrolled through nginx"
for i in $(seq 1 $KIOSKS); do
  code=$("$SERVER" kiosk-code --studio xiaoying --db "$DB_URL" 2>/dev/null) || fail "kiosk-code"
  "$TOOL" enroll "$LB" "$code" "$WORK/k$i.json" >/dev/null || fail "enroll $i"
done

step "$TOTAL records in signed batches with retries; A killed and restarted mid-run"
"$TOOL" swarm "$LB" $BATCHES $SIZE "$WORK"/k*.json >"$WORK/acks" 2>"$WORK/swarm.err" &
SWARM=$!
acks() { grep -c '^ack ' "$WORK/acks"; }
acked_at_least() { [ "$(acks)" -ge "$1" ]; }
wait_until 120 acked_at_least $((TOTAL / 4)) || fail "the swarm did not get going"
kill -9 "$A_PID"; wait "$A_PID" 2>/dev/null
killed_at=$(acks)
echo "killed A at $killed_at acknowledged"
[ "$killed_at" -lt "$TOTAL" ] || fail "the swarm was over before A was killed"
wait_until 120 acked_at_least $((killed_at + TOTAL / 4)) || fail "B alone did not carry on"
start_instance a "$PORT_A"
echo "restarted A at $(acks) acknowledged"
wait "$SWARM" || fail "the swarm failed"
! grep -q '^fail ' "$WORK/acks" || fail "records refused: $(grep '^fail ' "$WORK/acks" | head -3)"
acked=$(grep '^ack ' "$WORK/acks" | sort -u | wc -l)
[ "$acked" = "$TOTAL" ] || fail "$acked of $TOTAL records acknowledged"
[ "$(db "SELECT count(*) FROM records")" = "$TOTAL" ] || fail "records: $(db "SELECT count(*) FROM records") stored for $TOTAL sent"
[ "$(db "SELECT count(DISTINCT id) FROM opinions")" = "$TOTAL" ] || fail "opinions not stored exactly once"
[ "$(db "SELECT count(*) FROM stage_events")" = "$TOTAL" ] || fail "stage history not written exactly once"
grep '^ack ' "$WORK/acks" | cut -d' ' -f2 | sort -u >"$WORK/acked.ids"
db "SELECT id FROM records ORDER BY id" | sort >"$WORK/stored.ids"
cmp -s "$WORK/acked.ids" "$WORK/stored.ids" || fail "acknowledged and stored records differ"
for x in a b; do
  grep -q 'POST /api/v1/records 200' "$WORK/$x.log" || fail "instance $x stored no batch"
done
echo "$TOTAL records once each; duplicates answered: $(grep -o '[0-9]* duplicate' "$WORK"/a.log "$WORK"/b.log | awk -F: '{s+=$2} END {print s+0}')"

step "one slot of 2 places attacked by 12 bookings, from both instances at once"
for hm in 1900 1930 2000; do
  slot="xiaoying-${day//-/}-$hm"
  out=$("$TOOL" race "$A,$B" "$slot" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" 12 "$WORK"/k1.json "$WORK"/k2.json "$WORK"/k3.json) \
    || fail "race"
  echo "$out"
  echo "$out" | grep -q '"stored":2,"conflict":10,"other":0' || fail "slot $slot: $out"
  [ "$(db "SELECT count(*) FROM bookings WHERE slot = '$slot' AND status = 'booked'")" = 2 ] \
    || fail "slot $slot overbooked"
done

step "a request replayed to the other instance is refused"
out=$("$TOOL" replay "$A" "$B" "$WORK/k1.json")
echo "$out" | head -1
[ "$(echo "$out" | head -1)" = "200 401" ] || fail "replay: $out"
echo "$out" | grep -q replayed_nonce || fail "replay not named: $out"

step "console: a session made on A works on B; failed logins on both add up to one wait"
echo 'correct horse battery' | "$SERVER" staff-add boss --role admin --db "$DB_URL" 2>/dev/null || fail "staff-add"
login() {   # BASE USER PASSWORD JAR — prints the login's status
  local csrf
  csrf=$(curl -sS -c "$4" "$1/console/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
  curl -sS -o /dev/null -w '%{http_code}' -b "$4" -c "$4" --data-urlencode "csrf=$csrf" \
    --data-urlencode "username=$2" --data-urlencode "password=$3" "$1/console/login"
}
[ "$(login "$A" boss 'correct horse battery' "$WORK/jar")" = 303 ] || fail "login on A"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -b "$WORK/jar" "$B/console/inbox")" = 200 ] \
  || fail "A's session refused by B"
# three failures of a name from an address are free; the fourth makes the
# next attempt wait 2 s, wherever it comes (login_throttle, 0005_security.sql)
for base in $A $B $A $B; do
  [ "$(login "$base" boss wrong "$WORK/jar2")" = 401 ] || fail "a wrong password was not refused"
done
[ "$(db "SELECT failures FROM throttle WHERE purpose = 'login' AND subject = 'boss'")" = 4 ] \
  || fail "failures on A and B not counted together: $(db "SELECT * FROM throttle")"
[ "$(login "$B" boss 'correct horse battery' "$WORK/jar3")" = 429 ] \
  || fail "four failures on A and B did not make B wait"

step "a kiosk and an Open311 key revoked in the console on A are refused by B"
csrf=$(curl -sS -b "$WORK/jar" "$A/console/kiosks" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
k5=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device_id"])' "$WORK/k5.json")
[ "$(curl -sS -o /dev/null -w '%{http_code}' -b "$WORK/jar" --data-urlencode "csrf=$csrf" \
     -d action=revoke -d confirm=yes --data-urlencode "device=$k5" "$A/console/kiosks")" = 303 ] \
  || fail "revoking on A"
out=$("$TOOL" get "$B" "$WORK/k5.json" /api/v1/kiosk/state) && fail "B served a revoked kiosk: $out"
echo "$out" | grep -q '"revoked"' || fail "B did not say revoked: $out"
# so is an Open311 key: made on A, used on B, revoked on A, refused by B
curl -sS -b "$WORK/jar" --data-urlencode "csrf=$csrf" -d action=open311_key -d studio=hubin \
  -d label=partner "$A/console/kiosks" >"$WORK/o311.html" || fail "an Open311 key on A"
key=$(sed -n 's/.*<code>\([^<]*\)<.*/\1/p' "$WORK/o311.html" | head -1)
o311=$(grep -o 'open311-hubin-[^<"]*' "$WORK/o311.html" | head -1)
[ -n "$key" ] && [ -n "$o311" ] || fail "no Open311 key shown: $(head -c 400 "$WORK/o311.html")"
o311_post() {   # BASE — POSTs one request with the key to BASE; prints status and body
  curl -sS -w ' %{http_code}' --data-urlencode "api_key=$key" -d service_code=other \
    -d description=x "$1/open311/v2/requests.json"
}
o311_post "$B" | grep -q ' 201$' || fail "B refused A's new Open311 key"
[ "$(curl -sS -o /dev/null -w '%{http_code}' -b "$WORK/jar" --data-urlencode "csrf=$csrf" \
     -d action=revoke -d confirm=yes --data-urlencode "device=$o311" "$A/console/kiosks")" = 303 ] \
  || fail "revoking the Open311 key on A"
out=$(o311_post "$B")
echo "$out" | grep -q 'revoked.* 401$' || fail "B took an Open311 key revoked on A: $out"

step "two reminder runs at the same time send each reminder once"
for i in 1 2 3; do
  body="{\"records\":[{\"id\":\"$(cat /proc/sys/kernel/random/uuid)\",\"kind\":\"booking\",\"created_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\",\"data\":{\"token\":\"RemTok${i}aaaaaaaaaaaaaaa\",\"short_code\":\"1234567$i\",\"slot\":\"xiaoying-${day//-/}-2030\",\"name\":\"李$i\",\"phone\":\"1370000111$i\",\"topic\":\"\"}}]}"
  printf '%s' "$body" >"$WORK/rem$i.json"
  "$TOOL" post "$LB" "$WORK/k4.json" "$WORK/rem$i.json" >/dev/null || fail "booking for reminder $i"
done
/usr/bin/python3 "$HERE/../tools/mq-webhook-receiver.py" "$WORK/port" "$WORK/received.jsonl" \
  "$WORK/mode" >/dev/null 2>&1 &
RECV_PID=$!
wait_until 20 test -s "$WORK/port" || fail "the webhook receiver did not start"
hook="http://127.0.0.1:$(cat "$WORK/port")/sms"
# due from 10:00 the day before (MQ_REMINDER_HOUR): ask at 12:30 the day before
now=$(date -u -d "@$(( $(date -u -d "$day 12:30" +%s) - 8 * 3600 - 86400 ))" +%Y-%m-%dT%H:%M:%SZ)
"$SERVER" reminders --once --db "$DB_URL" --webhook "$hook" --now "$now" >"$WORK/rem1.out" 2>&1 &
r1=$!
"$SERVER" reminders --once --db "$DB_URL" --webhook "$hook" --now "$now" >"$WORK/rem2.out" 2>&1 &
r2=$!
wait $r1; wait $r2
sent_keys() {   # the Idempotency-Key of every request received, a line each
  /usr/bin/python3 -c 'import json,sys; [print(json.loads(l)["key"]) for l in open(sys.argv[1])]' \
    "$WORK/received.jsonl"
}
sent_keys >"$WORK/sent"
booked=$(db "SELECT count(*) FROM bookings WHERE status = 'booked'")
[ "$booked" -ge 7 ] || fail "only $booked bookings to remind"
[ "$(sort -u "$WORK/sent" | wc -l)" = "$booked" ] || fail "reminders sent to $(sort -u "$WORK/sent" | wc -l) of $booked bookings"
[ "$(wc -l <"$WORK/sent")" = "$booked" ] || fail "a reminder went out twice: $(sort "$WORK/sent" | uniq -d)"
[ "$(db "SELECT count(*) FROM reminders WHERE state = 'sent'")" = "$booked" ] || fail "reminder rows"
echo "$booked reminders, each sent once by one of the two runs"

step "two supervise passes at once, 40 days on: each item escalated once, each message sent once"
: >"$WORK/received.jsonl"
# 09:00 Asia/Shanghai of the first Monday-to-Friday 40 days on, in UTC
later=$(/usr/bin/python3 -c '
import datetime as d
t = (d.datetime.utcnow() + d.timedelta(hours=8)).date() + d.timedelta(days=40)
while t.weekday() >= 5: t += d.timedelta(days=1)
print(t.isoformat() + "T01:00:00Z")')
for i in 1 2; do
  "$SERVER" supervise --once --db "$DB_URL" --webhook "$hook" --now "$later" >"$WORK/sup$i.out" 2>&1 &
  eval "s$i=\$!"
done
wait "$s1" || fail "supervise 1: $(cat "$WORK/sup1.out")"
wait "$s2" || fail "supervise 2: $(cat "$WORK/sup2.out")"
escalated=$(db "SELECT count(*) FROM escalations")
[ "$escalated" -ge "$TOTAL" ] || fail "only $escalated items escalated"
[ "$(db "SELECT count(*) FROM notices")" -ge 3 ] || fail "messages: $(db "SELECT key, state FROM notices")"
[ "$(db "SELECT count(*) FROM notices WHERE state <> 'sent'")" = 0 ] \
  || fail "messages not sent: $(db "SELECT key, state FROM notices WHERE state <> 'sent'")"
sent_keys >"$WORK/sent"
[ "$(wc -l <"$WORK/sent")" = "$(db "SELECT count(*) FROM notices")" ] \
  || fail "$(wc -l <"$WORK/sent") requests for $(db "SELECT count(*) FROM notices") messages: $(sort "$WORK/sent" | uniq -d)"
echo "$escalated items escalated once, $(wc -l <"$WORK/sent") messages each sent once by one of the two passes"
echo ok
