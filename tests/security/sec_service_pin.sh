#!/bin/bash
# Item 12: the service screen's PIN had no attempt limit. Now it has the
# check-in PIN's: 5 wrong PINs lock the pad for 5 minutes (of the UI clock),
# the right PIN included, and walking away (the idle wipe) does not lift it.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/k/data"
printf '[kiosk]\ndata_dir = %s\nsize = 1280x800\n' "$WORK/k/data" >"$WORK/k/kiosk.ini"
# an enrolled kiosk holding the district's technician PIN 2468 in its state
"$KIOSK" status --config "$WORK/k/kiosk.ini" >/dev/null || fail "kiosk status"
python3 "$SEC/../kiosk/seed_state.py" "$WORK/k/data" || fail "seed_state.py"
gesture=$(service_gesture)
pin() { pin_lines "$1"; }
cat >"$WORK/pin.script" <<SCRIPT
wait-for home.file_opinion
$gesture
$(for i in 1 2 3 4; do pin 1111; done)
expect-text 还可以再试1次
$(pin 1111)
expect-text 密码错误次数太多
$(pin 2468)
expect-text 密码错误次数太多
expect-no-text 待上传记录
screenshot $WORK/locked.png
clock +91
wait-for ui.idle.continue
clock +20
wait-for home.file_opinion
$gesture
$(pin 2468)
expect-text 密码错误次数太多
expect-no-text 待上传记录
tap service.exit
wait-for home.file_opinion
clock +200
$gesture
$(pin 2468)
wait-for service.device
expect-text 待上传记录
SCRIPT
"$KIOSK" --headless --config "$WORK/k/kiosk.ini" --script "$WORK/pin.script" >"$WORK/pin.log" 2>&1 ||
  { tail -20 "$WORK/pin.log" >&2; fail "the PIN script"; }
grep -q "wrong PIN (0 tries left)" "$WORK/pin.log" || fail "no log line for the lock"
grep -q "PIN refused while locked" "$WORK/pin.log" || fail "the right PIN was not refused while locked"
echo "sec_service_pin: ok"
