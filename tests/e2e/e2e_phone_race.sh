#!/bin/bash
# A phone and a kiosk book the last place of a slot at the same moment:
# 12 rounds, each a slot with one place, the phone's form POST and the
# kiosk's signed booking released together (tests/security/phone.py race).
# Every round exactly one gets the place; the other is told the slot is
# full (the phone: the form again saying 刚刚约满了; the kiosk: `conflict`),
# and the database holds exactly one booked place. Who wins may differ from
# round to round; that one wins, never both, is what is checked.
. "$(dirname "$0")/booking_common.sh"
PHONE="python3 $HERE/../security/phone.py"
start_roster_server
PORT=${SERVER_URL##*:}
enroll k1

day=$(local_date 2)
step "import $day 18:00-21:00 at hubin: 12 slots of 15 minutes, 1 place each"
printf '%s\n%s\n' "kind,studio,member,date,start,end,slot_minutes,capacity,until,note" \
  "shift,hubin,hubin-05,$day,18:00,21:00,15,1,," >"$WORK/roster.csv"
import_roster "$WORK/roster.csv"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

phone_wins=0
kiosk_wins=0
for hhmm in 1800 1815 1830 1845 1900 1915 1930 1945 2000 2015 2030 2045; do
  slot="hubin-${day//-/}-$hhmm"
  out=$($PHONE race "$PORT" "$TOOL" "$WORK/k1.json" "$slot" "$now") || fail "race $slot"
  case $out in
    "phone=booked kiosk=conflict") phone_wins=$((phone_wins + 1)) ;;
    "phone=full kiosk=stored") kiosk_wins=$((kiosk_wins + 1)) ;;
    *) fail "$slot: $out" ;;
  esac
  held=$(server_db "SELECT count(*) FROM bookings WHERE slot = '$slot' AND status = 'booked'")
  [ "$held" = 1 ] || fail "$slot: $held places booked"
done
echo "--- 12 rounds: the phone won $phone_wins, the kiosk $kiosk_wins, never both"
[ "$(server_db "SELECT count(*) FROM bookings WHERE channel = 'phone' AND status = 'booked'")" \
  = "$phone_wins" ] || fail "the phone's bookings are not channel phone"
echo "e2e_phone_race: ok"
