#!/bin/bash
# A booking reaches the server as a signed sync record (the kiosk's part comes
# with the kiosk screens): its booking page opens, its calendar.ics parses
# with a real iCalendar parser, cancelling (with a confirmation step) frees
# the place and cancels the calendar entry.
. "$(dirname "$0")/booking_common.sh"
start_roster_server
enroll kiosk1

day=$(local_date 1)
step "import tomorrow's roster ($day): hubin-01 19:00-21:00, 30-minute slots of 2"
cat >"$WORK/roster.csv" <<CSV
kind,studio,member,date,start,end,slot_minutes,capacity,until,note
shift,hubin,hubin-01,$day,19:00,21:00,30,2,,
CSV
import_roster "$WORK/roster.csv"
grep -q '1 shifts added' "$WORK/import.out" || fail "import: $(cat "$WORK/import.out")"
slot="hubin-${day//-/}-1900"
slot_start=$(utc "$day" 19:00)

free_of() {   # free places of slot $1 in the kiosk state
  "$TOOL" get "$SERVER_URL" "$WORK/kiosk1.json" /api/v1/kiosk/state >"$WORK/state.json" || fail "state"
  /usr/bin/python3 - "$WORK/state.json" "$1" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
print([s["free"] for sh in st["shifts"] for s in sh["slots"] if s["id"] == sys.argv[2]][0])
PY
}

step "the kiosk state offers the slot with 2 free places, and members' badge hashes (never codes)"
[ "$(free_of "$slot")" = 2 ] || fail "free places before booking: $(cat "$WORK/state.json")"
grep -q '"badge_hash":"[0-9a-f]\{64\}"' "$WORK/state.json" || fail "no badge hash in the state"
grep -q '"badge_key":"' "$WORK/state.json" || fail "no badge key in the state"
grep -q 'MQHB000' "$WORK/state.json" && fail "a badge code in the state"
grep -q '"pin_hash":"\$argon2id\$' "$WORK/state.json" || fail "no PIN hash in the state"

step "a booking record arrives signed and is stored"
id=$(cat /proc/sys/kernel/random/uuid)
token=Bk_e2e$(head -c 12 /dev/urandom | base64 | tr '+/' '-_' | head -c 16)
cat >"$WORK/booking.json" <<JSON
{"records":[{"id":"$id","kind":"booking","created_at":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "data":{"token":"$token","short_code":"13572468","slot":"$slot","name":"张阿姨",
 "phone":"13912345678","topic":"楼道堆物清理"}}]}
JSON
answer=$(post kiosk1 "$WORK/booking.json") || fail "POST records: $answer"
[ "$(result "$answer" 0)" = stored ] || fail "booking not stored: $answer"
[ "$(free_of "$slot")" = 1 ] || fail "free places after booking"
answer=$(post kiosk1 "$WORK/booking.json")
[ "$(result "$answer" 0)" = duplicate ] || fail "a re-sent booking is not duplicate: $answer"

step "its page: who, where, when, status; name and phone masked"
status=$(http_get "$SERVER_URL/b/$token" "$WORK/page.html")
[ "$status" = 200 ] || fail "booking page answered $status"
for want in 已预约 湖滨街道委员工作室 王建国 13572468 '139\*\*\*\*5678' '张\*\*' 身份证件 '19:00–19:30'; do
  grep -q "$want" "$WORK/page.html" || fail "'$want' not on the booking page"
done
grep -q 13912345678 "$WORK/page.html" && fail "the full phone number is on the public page"
grep -q 张阿姨 "$WORK/page.html" && fail "the full name is on the public page"

ics_fields() {   # UID SEQUENCE STATUS DTSTART of the .ics at $1, via python3-icalendar
  /usr/bin/python3 - "$1" <<'PY'
import sys, icalendar
raw = open(sys.argv[1], "rb").read()
for line in raw.split(b"\r\n")[:-1]:
    assert len(line) <= 75, "line over 75 octets: %r" % line
    assert b"\n" not in line, "bare LF"
assert raw.endswith(b"\r\n")
cal = icalendar.Calendar.from_ical(raw)
assert cal["VERSION"] == "2.0" and cal.get("PRODID")
ev = [c for c in cal.walk("VEVENT")]
assert len(ev) == 1, "one VEVENT"
e = ev[0]
for need in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "STATUS", "SUMMARY"):
    assert need in e, need
print(e["UID"], int(e["SEQUENCE"]), e["STATUS"],
      e.decoded("DTSTART").strftime("%Y-%m-%dT%H:%M:%SZ"))
PY
}

step "calendar.ics parses (python3-icalendar) with a stable UID"
status=$(http_get "$SERVER_URL/b/$token/calendar.ics" "$WORK/b1.ics")
[ "$status" = 200 ] || fail "calendar.ics answered $status"
fields=$(ics_fields "$WORK/b1.ics") || fail "the .ics does not parse: $fields"
[ "$fields" = "$id@minqing 0 CONFIRMED $slot_start" ] || fail "ics fields: $fields"

step "cancel: the first POST asks, the confirmed one cancels and frees the place"
status=$(curl -sS -o "$WORK/ask.html" -w '%{http_code}' -X POST "$SERVER_URL/b/$token/cancel")
[ "$status" = 200 ] && grep -q 确定要取消 "$WORK/ask.html" || fail "no confirmation step ($status)"
[ "$(free_of "$slot")" = 1 ] || fail "the question alone cancelled"
status=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -d confirm=yes "$SERVER_URL/b/$token/cancel")
[ "$status" = "303 $SERVER_URL/b/$token" ] || fail "confirmed cancel answered '$status'"
[ "$(free_of "$slot")" = 2 ] || fail "the place was not freed"
http_get "$SERVER_URL/b/$token" "$WORK/cancelled.html" >/dev/null
grep -q 已取消 "$WORK/cancelled.html" || fail "the page does not say 已取消"
http_get "$SERVER_URL/b/$token/calendar.ics" "$WORK/b2.ics" >/dev/null
fields=$(ics_fields "$WORK/b2.ics") || fail "the cancelled .ics does not parse: $fields"
[ "$fields" = "$id@minqing 1 CANCELLED $slot_start" ] || fail "cancelled ics fields: $fields"

step "bad input through HTTP: a past slot, a slot that does not exist"
past_slot="hubin-${day//-/}-1930"
cat >"$WORK/bad.json" <<JSON
{"records":[
 {"id":"$(cat /proc/sys/kernel/random/uuid)","kind":"booking","created_at":"$(utc "$day" 19:45)",
  "data":{"token":"Bk_pastaaaaaaaaaaaaaaa","short_code":"11112222","slot":"$past_slot","name":"李","phone":"13900000000"}},
 {"id":"$(cat /proc/sys/kernel/random/uuid)","kind":"booking","created_at":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "data":{"token":"Bk_nowhereaaaaaaaaaaaa","short_code":"11112222","slot":"hubin-20991231-0900","name":"李","phone":"13900000000"}}]}
JSON
answer=$(post kiosk1 "$WORK/bad.json")
[ "$(result "$answer" 0)" = invalid ] && [ "$(result "$answer" 1)" = invalid ] || fail "bad bookings: $answer"
[ "$(server_db "SELECT count(*) FROM bookings")" = 1 ] || fail "a bad booking was stored"
echo "e2e_booking: ok"
