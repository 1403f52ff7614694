#!/bin/bash
# 督查 end to end: a real server, opinions from a signed kiosk stand-in,
# staff working in the console over HTTP, `supervise --once` runs at chosen
# clocks, and a webhook receiver on loopback (tests/tools/
# mq-webhook-receiver.py) standing in for the group robots and the SMS
# gateway — down, then answering 500 before 200, then slowly. What must
# hold: nothing is lost (every message is delivered in the end), nothing is
# doubled (one 200 per message, also with two runs at once), residents get
# only their SMS with the tracking link and never at night, overdue items
# are escalated, digests go to the street group and the district, and no
# phone number reaches a log. And calendar-import: a bad file is refused
# by line, a good one is taken.
. "$(dirname "$0")/booking_common.sh"
RECV_PID=
finish() {
  if [ -n "$RECV_PID" ]; then kill "$RECV_PID" 2>/dev/null; wait "$RECV_PID" 2>/dev/null; fi
  cleanup
}
trap finish EXIT
RECEIVER=$HERE/../tools/mq-webhook-receiver.py
PUBLIC=https://minqing.example.cn
P1=13911112222 P3=13933334444

start_receiver() {   # [PORT]
  rm -f "$WORK/port"
  /usr/bin/python3 "$RECEIVER" "$WORK/port" "$WORK/received.jsonl" "$WORK/mode" ${1:-} \
    >>"$WORK/receiver.log" 2>&1 &
  RECV_PID=$!
  wait_until 20 test -s "$WORK/port" || fail "the receiver did not start"
}
stop_receiver() { kill "$RECV_PID"; wait "$RECV_PID" 2>/dev/null; RECV_PID=; }
mode() { echo "$1" >"$WORK/mode"; }

supervise() {   # LOCAL-DATE HH:MM — one pass at that clock; its JSON in $out, status in $SUP_RC
  "$SERVER" supervise --once --config "$WORK/server.ini" --db "$DB_URL" \
    --now "$(utc "$1" "$2")" >"$WORK/sup.out" 2>>"$WORK/supervise.log"
  SUP_RC=$?
  out=$(cat "$WORK/sup.out")
}
json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
received() {   # PYTHON-EXPRESSION over the list R of logged requests
  /usr/bin/python3 -c '
import json, sys
R = [json.loads(l) for l in open(sys.argv[1])] if __import__("os").path.exists(sys.argv[1]) else []
print(eval(sys.argv[2]))' "$WORK/received.jsonl" "$1"
}

start_roster_server
enroll kiosk1
for u in admin:admin hubin:street; do
  echo 'a long password' | "$SERVER" staff-add "${u%%:*}" --role "${u##*:}" \
    $([ "${u##*:}" = street ] && echo --street hubin) --db "$DB_URL" >/dev/null 2>&1 \
    || fail "staff-add ${u%%:*}"
done

step "a receiver on loopback; the console sends the street group's, the district's and the SMS to it"
mode ok
start_receiver
PORT=$(cat "$WORK/port")
console admin
[ "$(form admin /console/webhooks scope='*' url="http://127.0.0.1:$PORT/district" format=json)" = 303 ] || fail "district webhook"
[ "$(form admin /console/webhooks scope=hubin url="http://127.0.0.1:$PORT/hubin?key=robot-key-9" format=wecom)" = 303 ] || fail "hubin webhook"
[ "$(form admin /console/webhooks scope=sms url="http://127.0.0.1:$PORT/sms")" = 303 ] || fail "sms webhook"
printf '[server]\npublic_url = %s/\n' "$PUBLIC" >"$WORK/server.ini"

step "three opinions: A and C with a consenting phone, B without; C long overdue"
opinion() {   # NAME CREATED PHONE|-
  local id tok contact=
  id=$(cat /proc/sys/kernel/random/uuid)
  tok=Sv_$1$(head -c 15 /dev/urandom | base64 | tr '+/' '-_' | head -c $((19 - ${#1})))
  [ "$3" != - ] && contact=",\"contact\":{\"name\":\"王秀英\",\"phone\":\"$3\",\"consent\":true}"
  printf '{"records":[{"id":"%s","kind":"opinion","created_at":"%s","data":{"token":"%s","short_code":"24681357","category":"traffic","text":"路口红绿灯太短%s"%s}}]}' \
    "$id" "$2" "$tok" "$1" "$contact" >"$WORK/$1.rec"
  [ "$(result "$(post kiosk1 "$WORK/$1.rec")" 0)" = stored ] || fail "opinion $1"
  eval "${1}_ID=$id ${1}_TOKEN=$tok"
}
opinion A "$(utc "$(local_date -2)" 10:00)" "$P1"
opinion B "$(utc "$(local_date -2)" 10:05)" -
opinion C "$(utc "$(local_date -30)" 10:00)" "$P3"

step "the street group answers A directly and makes B a topic"
console hubin
[ "$(form hubin "/console/opinions/$A_ID/triage" action=answer public_note='已联系交警，绿灯延长到35秒。')" = 303 ] || fail "answer A"
[ "$(form hubin "/console/opinions/$B_ID/triage" action=topic_new title='路口信号灯配时')" = 303 ] || fail "topic B"
TOPIC=$(sed 's|.*/console/topics/||; s|?.*||' "$WORK/location")

# the next working day (Monday to Friday) after today, for the morning runs
DAY=$(/usr/bin/python3 -c '
import datetime
d = datetime.datetime.utcnow() + datetime.timedelta(hours=8)
d = d.date() + datetime.timedelta(days=1)
while d.weekday() >= 5: d += datetime.timedelta(days=1)
print(d)')

step "03:00 with the receiver down: the resident's SMS waits for the morning, the escalation fails and waits"
stop_receiver
supervise "$DAY" 03:00
[ "$SUP_RC" = 1 ] || fail "a failed message must show in the exit status: $out"
[ "$(printf '%s' "$out" | json_field escalated)" = 1 ] || fail "C not escalated: $out"
[ "$(printf '%s' "$out" | json_field sms_queued)" = 1 ] || fail "A's SMS not owed: $out"
[ "$(printf '%s' "$out" | json_field retry)" = 1 ] || fail "03:00: $out"
[ "$(server_db "SELECT count(*) FROM notices WHERE kind LIKE 'sms%' AND attempts = 0 AND state = 'queued'")" = 1 ] \
  || fail "the SMS was tried at night"

step "08:40, the receiver back, answering 500 before 200: everything fails once"
mode flaky
start_receiver "$PORT"
supervise "$DAY" 08:40
[ "$SUP_RC" = 1 ] || fail "08:40 exit status: $out"
[ "$(printf '%s' "$out" | json_field sent)" = 0 ] || fail "08:40: $out"
[ "$(printf '%s' "$out" | json_field retry)" = 4 ] || fail "08:40, expected SMS, escalation and two digests: $out"

step "08:50: the retries get through"
supervise "$DAY" 08:50
[ "$SUP_RC" = 0 ] || fail "08:50 exit status: $out"
[ "$(printf '%s' "$out" | json_field sent)" = 4 ] || fail "08:50: $out"

step "09:30: nothing is sent twice"
supervise "$DAY" 09:30
[ "$(printf '%s' "$out" | json_field sent)" = 0 ] || fail "09:30 sent again: $out"

step "a supervision order, two runs at once, a slow receiver: delivered once"
mode slow
[ "$(form admin /console/supervision topic="$TOPIC" note='请于本周内完成调研。' due_day="$DAY")" = 303 ] || fail "issue order"
ORDER=$(sed 's|.*/console/supervision/||; s|?.*||' "$WORK/location")
"$SERVER" supervise --once --config "$WORK/server.ini" --db "$DB_URL" \
  --now "$(utc "$DAY" 10:00)" >"$WORK/run1.out" 2>>"$WORK/supervise.log" &
r1=$!
"$SERVER" supervise --once --config "$WORK/server.ini" --db "$DB_URL" \
  --now "$(utc "$DAY" 10:00)" >"$WORK/run2.out" 2>>"$WORK/supervise.log" &
r2=$!
wait $r1; wait $r2
[ "$(received "sum(1 for r in R if r['key'] == 'order:$ORDER')")" = 1 ] || fail "the order was sent $(received "sum(1 for r in R if r['key'] == 'order:$ORDER')") times"
mode ok

step "what the receiver got"
[ "$(received "len({r['key'] for r in R})")" = 5 ] || fail "expected 5 messages: $(received "sorted({r['key'] for r in R})")"
[ "$(received "all(sum(1 for s in R if s['key'] == k and s['status'] == 200) == 1 for k in {r['key'] for r in R})")" = True ] \
  || fail "a message was not delivered exactly once"
[ "$(received "sum(1 for r in R if r['status'] == 500)")" = 4 ] || fail "expected the four 500s"
[ "$(received "[r['path'] for r in R if r['key'].startswith('sms-')]")" = "['/sms', '/sms']" ] || fail "SMS path"
[ "$(received "[r['body']['phone'] for r in R if r['status'] == 200 and r['key'].startswith('sms-')]")" = "['$P1']" ] \
  || fail "only A's resident gets an SMS"
[ "$(received "[r['key'] for r in R if r['key'].startswith('sms-')][0]")" = "sms-result:$A_ID" ] || fail "A's SMS is its result"
received "[r['body']['text'] for r in R if r['key'].startswith('sms-')][0]" | grep -q "$PUBLIC/t/$A_TOKEN" \
  || fail "the SMS has no tracking link"
[ "$(received "[r['body']['msgtype'] for r in R if r['path'].startswith('/hubin')][0]")" = markdown ] || fail "hubin's digest is not 企业微信 markdown"
received "[r['body']['markdown']['content'] for r in R if r['key'].startswith('digest:hubin')][0]" | grep -q '<font color="warning">超期' \
  || fail "the digest does not label the overdue"
[ "$(received "[r['body']['type'] for r in R if r['key'].startswith('escalation:')][0]")" = escalation ] || fail "escalation to the district"
[ "$(received "[r['path'] for r in R if r['key'].startswith('order:')][0]")" = "/hubin?key=robot-key-9" ] || fail "the order's message went elsewhere"
[ "$(server_db "SELECT count(*) FROM notices WHERE state <> 'sent'")" = 0 ] || fail "a message was lost"
[ "$(server_db "SELECT count(*) FROM notices WHERE phone IS NOT NULL")" = 0 ] || fail "a phone kept after sending"
grep -q -e "$P1" -e "$P3" "$WORK/server.log" "$WORK/supervise.log" && fail "a phone number is in a log"

step "calendar-import: a bad notice refused by line, a good one taken"
printf 'date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n' >"$WORK/bad.csv"
"$SERVER" calendar-import "$WORK/bad.csv" --db "$DB_URL" 2>"$WORK/import.err" && fail "a bad notice was taken"
grep -q 'bad.csv:3:' "$WORK/import.err" || fail "no line number: $(cat "$WORK/import.err")"
printf 'date,kind\n2027-01-01,holiday\n2027-02-07,workday\n' >"$WORK/good.csv"
"$SERVER" calendar-import "$WORK/good.csv" --db "$DB_URL" >"$WORK/import.out" || fail "a good notice was refused"
grep -q 'of 2027' "$WORK/import.out" || fail "import said: $(cat "$WORK/import.out")"
[ "$(server_db "SELECT count(*) FROM calendar_days WHERE year = 2027")" = 2 ] || fail "2027 not stored"
echo "e2e_supervise: ok"
