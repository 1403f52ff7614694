#!/bin/bash
# An opinion filed at the kiosk reaches the district server and the resident's
# phone: kiosk UI (headless) → QR on screen → zbarimg → tracking URL, which says
# "not synced yet" before `sync --once` and shows 收集采集 after it.
. "$(dirname "$0")/common.sh"
setup_enrolled_kiosk

step "file an opinion through the touchscreen"
file_opinion "the street lamp at gate 3 is broken" confirm
[ -s "$WORK/confirm.png" ] || fail "no screenshot"
grep -q '"screen"' "$WORK/confirm.json" || fail "dump has no screen"

step "decode the QR code from the screenshot"
url=$(zbarimg -q --raw "$WORK/confirm.png") || fail "zbarimg found no QR code in the screenshot"
echo "QR: $url"
case "$url" in "$SERVER_URL"/t/*) ;; *) fail "QR is not a tracking URL of $SERVER_URL: $url" ;; esac
token=${url##*/t/}
[ "$(kiosk_db "SELECT COUNT(*) FROM opinions WHERE token='$token'")" = 1 ] \
  || fail "the QR's token is not the kiosk's record"
code=$(kiosk_db "SELECT short_code FROM opinions WHERE token='$token'")
grep -q "$code" "$WORK/confirm.json" || fail "the short code $code is not on the confirmation screen"

step "before sync the phone sees a friendly 'not synced yet' page"
status=$(http_get "$url" "$WORK/before.html")
grep -q '尚未同步' "$WORK/before.html" || fail "no 尚未同步 on the page before sync (HTTP $status)"
grep -qi '<html' "$WORK/before.html" || fail "the not-synced answer is not an HTML page"

step "sync --once pushes it"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync.json" || fail "sync --once failed: $(cat "$WORK/sync.json")"
grep -q '"acknowledged":1' "$WORK/sync.json" || fail "expected one acknowledged record: $(cat "$WORK/sync.json")"
[ "$("$KIOSK" status --config "$KIOSK_CFG" | grep -c '"queue_depth": 0')" = 1 ] || fail "queue not empty after sync"

step "after sync the phone sees the opinion at 收集采集"
status=$(http_get "$url" "$WORK/after.html")
[ "$status" = 200 ] || fail "tracking page answered HTTP $status"
grep -q '收集采集' "$WORK/after.html" || fail "no 收集采集 on the tracking page"
grep -q 'street lamp at gate 3' "$WORK/after.html" || fail "the opinion's text is not on the page"
grep -q '湖滨' "$WORK/after.html" || fail "the studio is not on the page"
status=$(http_get "$SERVER_URL/api/v1/track/$token" "$WORK/track.json")
[ "$status" = 200 ] && grep -q '"collected"' "$WORK/track.json" || fail "track JSON: HTTP $status $(cat "$WORK/track.json")"

step "the server holds it once, the kiosk marks it acknowledged"
[ "$(server_db "SELECT COUNT(*) FROM opinions WHERE token='$token'")" = 1 ] || fail "not exactly one opinion on the server"
[ "$(kiosk_db "SELECT state FROM outbox o JOIN opinions p USING (id) WHERE p.token='$token'")" = acked ] \
  || fail "kiosk did not mark the record acknowledged"
step "with the network up, the running UI syncs in the background (no sync --once)"
sed -e "s|@TEXT@|filed while online|" -e "s|@OUT@|$WORK/bg|g" "$HERE/file_opinion.script" >"$WORK/bg.script"
echo "wait-for kiosk.stays.open 60000" >>"$WORK/bg.script"   # keep the UI running
"$KIOSK" --headless --config "$KIOSK_CFG" --script "$WORK/bg.script" >"$WORK/bg.log" 2>&1 &
ui=$!
has_two() { [ "$(server_db "SELECT COUNT(*) FROM opinions")" = 2 ]; }
wait_until 30 has_two || { kill $ui; fail "the UI's background sync did not push the record"; }
kill $ui 2>/dev/null; wait $ui 2>/dev/null
echo "e2e_opinion: ok"
