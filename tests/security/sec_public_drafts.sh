#!/bin/bash
# Item 7: Open311 leaked unpublished topic titles (a draft title appeared in
# requests.json while /board/ hid it). Now every public output shows a
# topic's title only once its result is published. A draft topic with a
# marker title, a published control topic, and a crawl of every public
# output of the district: tracking pages and JSON, Open311 JSON and XML
# (lists, single requests, tokens), boards, booking pages and .ics.
. "$(dirname "$0")/lib.sh"
"$SERVER" seed-demo --db "$DB_URL" >/dev/null 2>&1 || fail "seed-demo"
echo 'a long admin password' | "$SERVER" staff-add admin --role admin --db "$DB_URL" \
  >/dev/null 2>&1 || fail "staff-add"
seed_and_start
enroll_kiosk "$WORK/k"
"$MQ_FILL" "$WORK/k/data" 3 drafts >/dev/null || fail "mq-fill"
"$KIOSK" sync --once --config "$WORK/k/kiosk.ini" >/dev/null || fail "sync"

step "a booking, so that its page and calendar entry are crawled too"
slot=$(server_db "SELECT s.id FROM duty_slots s JOIN duty_shifts h ON h.id = s.shift WHERE h.studio = 'hubin' ORDER BY s.start_at DESC LIMIT 1")
[ -n "$slot" ] || fail "no slot of hubin"
device=$(server_db "SELECT id FROM devices LIMIT 1")
server_db "INSERT INTO records (id, device, kind, created_at, content_sha256, received_at)
             VALUES ('d0000000-0000-4000-8000-000000000001', '$device', 'booking', 0, 'x', 0);
           INSERT INTO bookings (id, token, short_code, slot, studio, name, phone, status,
                                 created_at, updated_at)
             VALUES ('d0000000-0000-4000-8000-000000000001', 'SecBooking_aaaaaaaaaaa', '24681357',
                     '$slot', 'hubin', '测试', '13800000000', 'booked', 0, 0)" ||
  fail "the booking"

step "a draft topic and a published one, made in the console"
$PY draft "$PORT" 'a long admin password' DRAFT-TITLE-5e1 PUBLISHED-TITLE-9c2 || fail "draft"
step "crawl"
$PY crawl "$PORT" "$DB_URL" DRAFT-TITLE-5e1 PUBLISHED-TITLE-9c2 || fail "crawl"
echo "sec_public_drafts: ok"
