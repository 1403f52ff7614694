#!/bin/bash
# A scripted duty day (yesterday, Asia/Shanghai) through real HTTP and the
# command line: one member checks in late and leaves early, one is on time,
# one misses the shift; bookings attended, marked no-show and never marked.
# `minqing-server report attendance --month` must print exactly these rows.
. "$(dirname "$0")/booking_common.sh"
start_roster_server
enroll kiosk1

day=$(local_date -1)
month=${day%-*}
step "import the roster of $day"
cat >"$WORK/roster.csv" <<CSV
kind,studio,member,date,start,end,slot_minutes,capacity,until,note
shift,hubin,hubin-01,$day,09:00,11:00,60,2,,
shift,hubin,hubin-02,$day,14:00,16:00,60,2,,
shift,hubin,hubin-03,$day,16:00,17:00,60,2,,
CSV
import_roster "$WORK/roster.csv"

d=${day//-/}
before=$(utc "$(local_date -2)" 10:00)
uuid() { printf '%s' "$1"; }
B1=4b000000-0000-4000-8000-000000000001
B2=4b000000-0000-4000-8000-000000000002
B3=4b000000-0000-4000-8000-000000000003
booking() {   # id token slot
  printf '{"id":"%s","kind":"booking","created_at":"%s","data":{"token":"%s","short_code":"24681357","slot":"%s","name":"王小明","phone":"13812345678"}}' \
    "$1" "$before" "$2" "$3"
}
att() {   # id kind member method local-time [bookings-json]
  printf '{"id":"%s","kind":"%s","created_at":"%s","data":{"member":"%s","method":"%s","at":"%s"%s}}' \
    "$1" "$2" "$(utc "$day" "$5")" "$3" "$4" "$(utc "$day" "$5")" "${6:+,\"bookings\":$6}"
}

step "bookings made the day before, then the day's check-ins and check-outs"
{
  echo '{"records":['
  booking $B1 Bk_1aaaaaaaaaaaaaaaaaa "hubin-$d-0900"; echo ,
  booking $B2 Bk_2aaaaaaaaaaaaaaaaaa "hubin-$d-1000"; echo ,
  booking $B3 Bk_3aaaaaaaaaaaaaaaaaa "hubin-$d-1400"; echo ,
  att 5a000000-0000-4000-8000-000000000001 checkin MQHB0001 badge 09:12:30; echo ,
  att 5a000000-0000-4000-8000-000000000002 checkout hubin-01 pin 10:30:00 \
      "[{\"booking\":\"$B1\",\"status\":\"attended\"}]"; echo ,
  att 5a000000-0000-4000-8000-000000000003 checkin hubin-02 pin 13:55:00; echo ,
  att 5a000000-0000-4000-8000-000000000004 checkout hubin-02 pin 16:05:00 \
      "[{\"booking\":\"$B3\",\"status\":\"no_show\"}]"
  echo ']}'
} >"$WORK/day.json"
answer=$(post kiosk1 "$WORK/day.json") || fail "POST records: $answer"
n=$(printf '%s' "$answer" | grep -o '"result":"stored"' | wc -l)
[ "$n" = 7 ] || fail "expected 7 stored: $answer"

step "a badge that is no member is refused, and stores nothing"
{
  echo '{"records":['
  att 5a000000-0000-4000-8000-000000000009 checkin MQHB9999 badge 16:01:00
  echo ']}'
} >"$WORK/bad.json"
answer=$(post kiosk1 "$WORK/bad.json")
[ "$(result "$answer" 0)" = invalid ] && printf '%s' "$answer" | grep -q "'MQHB9999' is not a member" \
  || fail "unknown badge: $answer"
[ "$(server_db "SELECT count(*) FROM attendance")" = 4 ] || fail "attendance rows"

step "the monthly report, per member and studio"
"$SERVER" report attendance --month "$month" --db "$DB_URL" >"$WORK/report.csv" 2>"$WORK/report.err" \
  || fail "report: $(cat "$WORK/report.err")"
cat >"$WORK/expected.csv" <<CSV
month,studio,member,name,shifts,attended,late,late_minutes,left_early,early_minutes,missed,no_checkout,bookings_attended,bookings_no_show,topics_due,topics_on_time,volunteered,chosen
$month,hubin,hubin-01,王建国,1,1,1,12,1,30,0,0,1,1,0,0,0,0
$month,hubin,hubin-02,陈晓燕,1,1,0,0,0,0,0,0,0,1,0,0,0,0
$month,hubin,hubin-03,李志明,1,0,0,0,0,0,1,0,0,0,0,0,0,0
$month,hubin,*,合计,3,2,1,12,1,30,1,0,1,2,0,0,0,0
CSV
diff -u "$WORK/expected.csv" "$WORK/report.csv" || fail "report rows differ"

step "and per shift"
"$SERVER" report attendance --month "$month" --shifts --db "$DB_URL" >"$WORK/shifts.csv" 2>/dev/null \
  || fail "report --shifts"
cat >"$WORK/expected-shifts.csv" <<CSV
studio,shift,member,name,date,start,end,status,checkin,checkout,late_minutes,early_minutes,bookings_attended,bookings_no_show
hubin,hubin-$d-0900-1100,hubin-01,王建国,$day,09:00,11:00,late_left_early,09:12,10:30,12,30,1,1
hubin,hubin-$d-1400-1600,hubin-02,陈晓燕,$day,14:00,16:00,attended,13:55,16:05,0,0,0,1
hubin,hubin-$d-1600-1700,hubin-03,李志明,$day,16:00,17:00,missed,,,0,0,0,0
CSV
diff -u "$WORK/expected-shifts.csv" "$WORK/shifts.csv" || fail "per-shift rows differ"

step "bad command lines: exit 2"
"$SERVER" report attendance --month 2026-13 --db "$DB_URL" 2>/dev/null; [ $? = 2 ] || fail "bad month"
"$SERVER" report sales --month "$month" --db "$DB_URL" 2>/dev/null; [ $? = 2 ] || fail "unknown report"
printf 'kind,studio\nshift,hubin\n' >"$WORK/bad.csv"
"$SERVER" roster-import "$WORK/bad.csv" --db "$DB_URL" 2>"$WORK/bad.err"; [ $? = 1 ] || fail "bad csv exit"
grep -q "bad.csv:1: the first line must be the header" "$WORK/bad.err" || fail "bad csv message: $(cat "$WORK/bad.err")"
echo "e2e_attendance: ok"
