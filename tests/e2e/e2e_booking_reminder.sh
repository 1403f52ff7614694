#!/bin/bash
# Reminders through the outbound webhook, against a receiver this test starts
# on loopback: due the day before from 10:00, a failed request is retried,
# nothing is sent twice (not even by two runs at once), nothing for a
# cancelled booking, and the phone number never reaches a log.
. "$(dirname "$0")/booking_common.sh"
RECV_PID=
# stop the receiver too, then whatever common.sh cleans up
finish() {
  if [ -n "$RECV_PID" ]; then kill "$RECV_PID" 2>/dev/null; wait "$RECV_PID" 2>/dev/null; fi
  if declare -f cleanup >/dev/null; then cleanup; else stop_server; rm -rf "$WORK"; fi
}
trap finish EXIT
start_roster_server
enroll kiosk1

step "a webhook receiver on loopback that fails its first request"
echo fail1 >"$WORK/mode"
/usr/bin/python3 "$HERE/../tools/mq-webhook-receiver.py" "$WORK/port" "$WORK/received.jsonl" "$WORK/mode" \
  >"$WORK/receiver.log" 2>&1 &
RECV_PID=$!
wait_until 20 test -s "$WORK/port" || fail "the receiver did not start"
cat >"$WORK/server.ini" <<INI
[server]
reminder_webhook = http://127.0.0.1:$(cat "$WORK/port")/sms
public_url = https://minqing.example.cn/
INI

day=$(local_date 1)
today=$(local_date 0)
printf '%s\n%s\n' "kind,studio,member,date,start,end,slot_minutes,capacity,until,note" \
  "shift,hubin,hubin-02,$day,19:00,21:00,30,2,," >"$WORK/roster.csv"
import_roster "$WORK/roster.csv"

book() {   # NAME SLOT-HHMM — books, sets NAME_ID and NAME_TOKEN
  local id tok
  id=$(cat /proc/sys/kernel/random/uuid)
  tok=Bk_$1$(head -c 15 /dev/urandom | base64 | tr '+/' '-_' | head -c $((19 - ${#1})))
  printf '{"records":[{"id":"%s","kind":"booking","created_at":"%s","data":{"token":"%s","short_code":"86421357","slot":"hubin-%s-%s","name":"赵大爷","phone":"13700001111"}}]}' \
    "$id" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$tok" "${day//-/}" "$2" >"$WORK/$1.json.rec"
  answer=$(post kiosk1 "$WORK/$1.json.rec")
  [ "$(result "$answer" 0)" = stored ] || fail "booking $1: $answer"
  eval "${1}_ID=$id ${1}_TOKEN=$tok"
}
book A 1900
book B 1930
book C 2000
curl -sS -o /dev/null -d confirm=yes "$SERVER_URL/b/$C_TOKEN/cancel" || fail "cancel C"

reminders() {   # LOCAL-TIME-TODAY — one run at that clock; its JSON on stdout
  "$SERVER" reminders --once --config "$WORK/server.ini" --db "$DB_URL" \
    --now "$(utc "$today" "$1")" 2>>"$WORK/reminders.log"
}
sent_for() { grep -c "\"key\": \"$1\", \"status\": 200" "$WORK/received.jsonl" 2>/dev/null; }

step "09:00 the day before: not due yet"
out=$(reminders 09:00)
[ "$out" = '{"sent":0,"retry":0,"failed":0,"not_due":2}' ] || fail "09:00: $out"
[ -e "$WORK/received.jsonl" ] && fail "something was sent before 10:00"

step "10:30: A fails (HTTP 500) and waits for a retry, B is sent"
out=$(reminders 10:30)
[ "$out" = '{"sent":1,"retry":1,"failed":0,"not_due":0}' ] || fail "10:30: $out"
[ "$(sent_for "$B_ID")" = 1 ] || fail "B not sent"
step "10:30 again: nothing (A's retry is not due, B is done)"
out=$(reminders 10:30)
[ "$out" = '{"sent":0,"retry":0,"failed":0,"not_due":0}' ] || fail "10:30 again: $out"
step "10:35: A's retry goes out"
out=$(reminders 10:35)
[ "$out" = '{"sent":1,"retry":0,"failed":0,"not_due":0}' ] || fail "10:35: $out"

step "two runs at once for a new booking D: it is sent once"
book D 2030
reminders 11:00 >"$WORK/run1.out" &
r1=$!
reminders 11:00 >"$WORK/run2.out" &
r2=$!
wait $r1; wait $r2
[ "$(sent_for "$D_ID")" = 1 ] || fail "D sent $(sent_for "$D_ID") times"
out=$(reminders 12:00)
[ "$out" = '{"sent":0,"retry":0,"failed":0,"not_due":0}' ] || fail "12:00: $out"

step "what was sent: A, B and D once each; never C; the message and page link"
[ "$(sent_for "$A_ID")" = 1 ] && [ "$(sent_for "$B_ID")" = 1 ] || fail "A or B not exactly once"
grep -q "$C_ID" "$WORK/received.jsonl" && fail "a cancelled booking was reminded"
[ "$(wc -l <"$WORK/received.jsonl")" = 4 ] || fail "expected 4 requests (one failed): $(cat "$WORK/received.jsonl")"
grep -q '"phone": "13700001111"' "$WORK/received.jsonl" || fail "no phone in the webhook body"
grep -q "https://minqing.example.cn/b/$B_TOKEN" "$WORK/received.jsonl" || fail "no booking link"
grep -q '湖滨街道委员工作室' "$WORK/received.jsonl" || fail "no studio in the text"
[ "$(server_db "SELECT count(*) FROM reminders WHERE state = 'sent'")" = 3 ] || fail "reminder rows"
grep -q 13700001111 "$WORK/server.log" "$WORK/reminders.log" && fail "the phone number is in a log"
echo "e2e_booking_reminder: ok"
