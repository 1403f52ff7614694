#!/bin/bash
# Race for the last places: 20 rounds, each 24 booking attempts released at
# once (threads behind a barrier in mq-post-records) from 4 kiosk identities
# through the real HTTP API, for a slot of 3 places. Every round: exactly 3
# stored, 21 `conflict`, and the database holds exactly 3 places taken.
. "$(dirname "$0")/booking_common.sh"
start_roster_server
for k in k1 k2 k3 k4; do enroll $k; done

day=$(local_date 2)
step "import $day 18:00-23:00 at hubin: 20 slots of 15 minutes, 3 places each"
printf '%s\n%s\n' "kind,studio,member,date,start,end,slot_minutes,capacity,until,note" \
  "shift,hubin,hubin-05,$day,18:00,23:00,15,3,," >"$WORK/roster.csv"
import_roster "$WORK/roster.csv"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

round=0
for hhmm in 1800 1815 1830 1845 1900 1915 1930 1945 2000 2015 2030 2045 \
            2100 2115 2130 2145 2200 2215 2230 2245; do
  round=$((round + 1))
  slot="hubin-${day//-/}-$hhmm"
  out=$("$TOOL" race "$SERVER_URL" "$slot" "$now" 24 \
        "$WORK/k1.json" "$WORK/k2.json" "$WORK/k3.json" "$WORK/k4.json") || fail "race tool failed"
  [ "$out" = "{\"slot\":\"$slot\",\"stored\":3,\"conflict\":21,\"other\":0}" ] \
    || fail "round $round: $out"
  held=$(server_db "SELECT count(*) FROM bookings WHERE slot = '$slot' AND status = 'booked'")
  refused=$(server_db "SELECT count(*) FROM bookings WHERE slot = '$slot' AND status = 'refused'")
  [ "$held" = 3 ] && [ "$refused" = 21 ] || fail "round $round: $held booked, $refused refused in the database"
done
echo "--- $round rounds: 3 stored and 21 conflict each"

step "a refused booking's page says so and offers other slots"
tok=$(server_db "SELECT token FROM bookings WHERE status = 'refused' LIMIT 1")
http_get "$SERVER_URL/b/$tok" "$WORK/refused.html" >/dev/null
grep -q 未约上 "$WORK/refused.html" || fail "refused page does not say 未约上"
grep -q 还可以预约的时段 "$WORK/refused.html" || fail "refused page lists no other slots"
echo "e2e_booking_race: ok"
