#!/bin/bash
# Issue 4 end to end through the kiosk's screens: a resident books a visit at
# the touchscreen while the kiosk is offline; the QR on the receipt (read back
# from the screenshot with zbarimg) opens the booking page, which says "not
# synced" until `sync --once` and then shows the booking; its calendar.ics
# parses; cancelling on the phone page frees the place in the next state
# pull. Then the duty member checks in with their badge at the kiosk, marks
# a second resident's visit attended, checks out, and the server's monthly
# attendance report shows the shift's check-in and the mark.
. "$(dirname "$0")/common.sh"
setup_enrolled_kiosk

step "a shift of hubin-01 (王建国, badge MQHB0001) starting soon, instead of the demo shifts"
# 10-20 minutes from now, two slots, on one Asia/Shanghai day, starting
# within the report's 60-minute check-in window. Near midnight the slots
# shrink to 10 minutes, or the shift moves to 00:10 (at most 50 minutes on).
read -r day hm end hm2 slot < <(/usr/bin/python3 - <<'PY'
import datetime
cst = datetime.timezone(datetime.timedelta(hours=8))
now = datetime.datetime.now(cst).replace(second=0, microsecond=0)
start = now + datetime.timedelta(minutes=20 - now.minute % 10)
slot = 30
def crosses(start, slot):
    return (start + datetime.timedelta(minutes=2 * slot)).date() != start.date()
if crosses(start, slot):
    slot = 10
if crosses(start, slot):
    start, slot = (start + datetime.timedelta(days=1)).replace(hour=0, minute=10), 30
assert start - now <= datetime.timedelta(minutes=50), (now, start)
print(start.strftime("%Y-%m-%d %H:%M"), (start + datetime.timedelta(minutes=2 * slot)).strftime("%H:%M"),
      (start + datetime.timedelta(minutes=slot)).strftime("%H%M"), slot)
PY
)
[ -n "$hm2" ] || fail "cannot compute the shift time"
soon=$(( $(date +%s) + 3 * 86400 ))
server_db "DELETE FROM duty_slots WHERE shift IN (SELECT id FROM duty_shifts WHERE studio = 'hubin'
             AND source = 'seed' AND start_at < $soon);
           DELETE FROM duty_shifts WHERE studio = 'hubin' AND source = 'seed'
             AND start_at < $soon;" || fail "cannot clear demo shifts"
printf 'kind,studio,member,date,start,end,slot_minutes,capacity,until,note\nshift,hubin,hubin-01,%s,%s,%s,%s,2,,\n' \
  "$day" "$hm" "$end" "$slot" >"$WORK/roster.csv"
"$SERVER" roster-import "$WORK/roster.csv" --db "$DB_URL" >"$WORK/import.out" 2>&1 \
  || fail "roster-import: $(cat "$WORK/import.out")"
slot1="hubin-${day//-/}-${hm/:/}"
slot2="hubin-${day//-/}-$hm2"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "state pull failed"

# free SLOT — the slot's free places in the kiosk's cached state
free() {
  kiosk_db "SELECT value FROM settings WHERE key = 'state'" | /usr/bin/python3 -c '
import json, sys
st = json.load(sys.stdin)
print([s["free"] for sh in st["shifts"] for s in sh["slots"] if s["id"] == sys.argv[1]][0])' "$1"
}
[ "$(free "$slot1")" = 2 ] || fail "the kiosk's state does not offer $slot1 with 2 places"

# book NAME SLOT — book SLOT through the touchscreen with the kiosk offline
book() {
  cat >"$WORK/$1.script" <<SCRIPT
wait-for home.book_visit
tap home.book_visit
wait-for book.slot.$2
tap book.slot.$2
wait-for book.name
py wang 2
py ayi 1
tap book.next
wait-for book.phone
$(for d in 1 3 9 1 2 3 4 5 6 7 8; do echo "tap phone.key.$d"; done)
tap book.next
wait-for book.topic
py louti 1
tap book.next
wait-for book.submit
tap book.submit
wait-for confirm.qr
expect-text 待确认
screenshot $WORK/$1.png
dump $WORK/$1.json
SCRIPT
  "$KIOSK" --headless --config "$OFFLINE_CFG" --script "$WORK/$1.script" >"$WORK/$1.log" 2>&1 \
    || { tail -20 "$WORK/$1.log" >&2; fail "booking script $1 failed"; }
}

step "book $slot1 at the touchscreen, offline: the receipt says 待确认"
book booked1 "$slot1"
url=$(zbarimg -q --raw "$WORK/booked1.png") || fail "zbarimg found no QR code on the receipt"
echo "QR: $url"
case "$url" in "$SERVER_URL"/b/*) ;; *) fail "the QR is not a booking URL of $SERVER_URL: $url" ;; esac
token=${url##*/b/}
[ "$(kiosk_db "SELECT status FROM bookings WHERE token = '$token'")" = pending ] \
  || fail "the QR's token is not a pending booking in the kiosk's store"

step "before sync the booking page says it is not synced yet"
status=$(http_get "$url" "$WORK/before.html")
grep -q '尚未同步' "$WORK/before.html" || fail "no 尚未同步 on the page before sync (HTTP $status)"

step "sync --once pushes it; the page shows the booking"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync1.json" || fail "sync --once: $(cat "$WORK/sync1.json")"
status=$(http_get "$url" "$WORK/after.html")
[ "$status" = 200 ] || fail "booking page answered HTTP $status"
for want in 已预约 王建国 '王\*\*'; do
  grep -q "$want" "$WORK/after.html" || fail "'$want' not on the booking page"
done
grep -q 13912345678 "$WORK/after.html" && fail "the full phone number is on the public page"
[ "$(kiosk_db "SELECT status FROM bookings WHERE token = '$token'")" = booked ] || fail "the kiosk did not mark it booked"
[ "$(free "$slot1")" = 1 ] || fail "the next state pull does not count the booking"

step "calendar.ics parses"
status=$(http_get "$url/calendar.ics" "$WORK/b.ics")
[ "$status" = 200 ] || fail "calendar.ics answered $status"
/usr/bin/python3 -c '
import icalendar, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = list(cal.walk("VEVENT"))
assert len(ev) == 1 and ev[0]["STATUS"] == "CONFIRMED", ev' "$WORK/b.ics" || fail "the .ics does not parse"

step "cancel on the phone page; the place comes back in the next state pull"
status=$(curl -sS -o /dev/null -w '%{http_code}' -d confirm=yes "$url/cancel")
[ "$status" = 303 ] || fail "confirmed cancel answered $status"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "sync after cancel"
[ "$(free "$slot1")" = 2 ] || fail "the cancelled place was not freed in the state"

step "a second resident books $slot2 and it syncs"
book booked2 "$slot2"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync2.json" || fail "sync --once: $(cat "$WORK/sync2.json")"
id2=$(kiosk_db "SELECT id FROM bookings WHERE slot = '$slot2'")
[ -n "$id2" ] || fail "no local booking for $slot2"

step "the duty member checks in by badge, marks the visit attended, checks out"
# A state listing the shift's bookings leaves the cancelled one out; an
# older one without the list shows this kiosk's two, by time.
row=$(kiosk_db "SELECT value FROM settings WHERE key = 'state'" | /usr/bin/python3 -c '
import json, sys
st = json.load(sys.stdin)
print(0 if any("bookings" in sh for sh in st["shifts"]) else 1)')
cat >"$WORK/checkin.script" <<SCRIPT
wait-for home.checkin
hid MQHB0001\n
wait-for checkin.out
expect-text 王建国委员，签到成功
expect-text 楼梯
tap checkin.booking.$row.attended
tap checkin.out
wait-for checkin.bye
expect-text 已接待 1 位
screenshot $WORK/checkout.png
SCRIPT
"$KIOSK" --headless --config "$OFFLINE_CFG" --script "$WORK/checkin.script" >"$WORK/checkin.log" 2>&1 \
  || { tail -20 "$WORK/checkin.log" >&2; fail "check-in script failed"; }
marks=$(kiosk_db "SELECT json_extract(data, '\$.bookings') FROM outbox WHERE kind = 'checkout'")
[ "$marks" = "[{\"booking\":\"$id2\",\"status\":\"attended\"}]" ] || fail "checkout marks: $marks"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync3.json" || fail "sync --once: $(cat "$WORK/sync3.json")"
grep -q '"acknowledged":2' "$WORK/sync3.json" || fail "expected the checkin and checkout acknowledged: $(cat "$WORK/sync3.json")"

step "the monthly report shows the check-in and the mark"
# The report judges only shifts that have ended: ask it as of two minutes
# after this shift's end (--now), the way next month's report will see it.
shift_id="hubin-${day//-/}-${hm/:/}-${end/:/}"
ends=$(server_db "SELECT end_at FROM duty_shifts WHERE id = '$shift_id'")
[ -n "$ends" ] || fail "no shift $shift_id on the server"
after=$(date -u -d "@$(( ends + 120 ))" +%Y-%m-%dT%H:%M:%SZ)
month=$(date -u -d "@$(( $(server_db "SELECT start_at FROM duty_shifts WHERE id = '$shift_id'") + 8 * 3600 ))" +%Y-%m)
"$SERVER" report attendance --month "$month" --shifts --now "$after" --db "$DB_URL" \
  >"$WORK/report.csv" 2>"$WORK/report.err" || fail "report: $(cat "$WORK/report.err")"
/usr/bin/python3 - "$WORK/report.csv" "$shift_id" <<'PY' || fail "report: $(cat "$WORK/report.csv")"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["shift"] == sys.argv[2]]
assert len(rows) == 1, "no row for the shift"
r = rows[0]
assert r["member"] == "hubin-01" and r["checkin"] and r["checkout"], r
assert r["bookings_attended"] == "1", r
print("report:", r)
PY
echo "e2e_kiosk_booking: ok"
