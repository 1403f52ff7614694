#!/bin/bash
# System updates with real RAUC: `rauc service` on a private D-Bus bus with
# a test system.conf (bootloader=noop, two file-backed ext4 root slots, the
# development keyring), a real minqing-server on loopback with updates on,
# and the kiosk headless. What a wrong program gets wrong:
#   1. the console refuses a bundle signed by another key (RAUC's words
#      shown, nothing kept) and keeps ours, showing its version and compatible;
#   2. offered to one kiosk (a canary), the kiosk downloads it; cut midway,
#      it resumes from the bytes on disk (HTTP Range), checks the SHA-256;
#   3. it installs in the window into the other slot (slot B holds v2's
#      file system afterwards), the console shows "installed";
#   4. records filed before and during the update all reach the server;
#   5. "rebooted" into B (RAUC told so), it marks B good after home + a sync;
#   6. a v3 whose slot does not come up (booted B again): "rolled back" with
#      the reason on the console;
#   7. a file signed by another key put on the download path by hand is
#      refused by the kiosk, and RAUC's keyring refuses that bundle too;
#   8. a kiosk enrolled on its screen reports its slots at once (its update
#      thread starts with the enrollment, not at its next start).
# Format: verity where the kernel has device-mapper, else plain (same
# signature and keyring; rauc cannot mount a verity bundle without dm-verity).
. "$(dirname "$0")/common.sh"

for tool in rauc dbus-daemon mksquashfs debugfs openssl; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
FW=$(cd "$HERE/../../firmware" && pwd)
FORMAT=verity
[ -e /dev/mapper/control ] || FORMAT=plain
echo "bundle format: $FORMAT"

step "bundles: v2 and v3 signed with the development key, one signed with another key"
for v in 1.0.0 2.0.0 3.0.0; do
  mkdir -p "$WORK/root-$v/etc"
  echo "$v" >"$WORK/root-$v/etc/minqing-version"
  head -c 1200000 /dev/urandom >"$WORK/root-$v/etc/noise"   # incompressible: a real size
done
for v in 2.0.0 3.0.0; do
  "$FW/build-bundle.sh" --rootfs "$WORK/root-$v" --version "$v" --format "$FORMAT" \
    --out "$WORK/v$v.raucb" >/dev/null || fail "build-bundle $v"
done
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/other.key.pem" -out "$WORK/other.cert.pem" \
  -subj "/CN=someone else" -days 2 2>/dev/null || fail "openssl"
"$FW/build-bundle.sh" --rootfs "$WORK/root-2.0.0" --version 2.0.1 --format "$FORMAT" \
  --cert "$WORK/other.cert.pem" --key "$WORK/other.key.pem" --keyring "$WORK/other.cert.pem" \
  --out "$WORK/other.raucb" >/dev/null || fail "build-bundle (other key)"

step "RAUC on a private bus: slot A holds v1, slot B is empty"
mkfs.ext4 -q -d "$WORK/root-1.0.0" "$WORK/slot-a.img" 16M >/dev/null || fail "mkfs slot A"
truncate -s 16M "$WORK/slot-b.img"
mkdir -p "$WORK/mnt"
cat >"$WORK/rauc.status" <<INI
[slot.rootfs.0]
bundle.compatible=$(cat "$FW/rauc/compatible")
bundle.version=1.0.0
status=ok
INI
cat >"$WORK/system.conf" <<INI
[system]
compatible=$(cat "$FW/rauc/compatible")
bootloader=noop
statusfile=$WORK/rauc.status
mountprefix=$WORK/mnt
bundle-formats=verity plain

[keyring]
path=$FW/rauc/dev-keyring.pem

[slot.rootfs.0]
device=$WORK/slot-a.img
type=ext4
bootname=A

[slot.rootfs.1]
device=$WORK/slot-b.img
type=ext4
bootname=B
INI
dbus-daemon --session --address="unix:path=$WORK/bus" --nofork >"$WORK/dbus.log" 2>&1 &
DBUS_PID=$!
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$WORK/bus"
RAUC_PID=
start_rauc() {   # BOOTED-SLOT: RAUC as the image starts it, booted from that slot
  "${RAUC_WRAP[@]}" rauc service --conf="$WORK/system.conf" --override-boot-slot="$1" \
    >>"$WORK/rauc.log" 2>&1 &
  RAUC_PID=$!
  wait_until 20 sh -c "rauc status --output-format=json | grep -q '\"booted\": *\"$1\"'" \
    || fail "rauc service did not come up booted from $1"
}
stop_rauc() { kill "$RAUC_PID" 2>/dev/null; wait "$RAUC_PID" 2>/dev/null; RAUC_PID=; }
RAUC_WRAP=()
trap 'stop_rauc; kill $DBUS_PID 2>/dev/null; cleanup' EXIT
wait_until 10 test -S "$WORK/bus" || fail "dbus-daemon did not start"
start_rauc A

step "RAUC's keyring refuses the bundle signed by another key"
if rauc install "$WORK/other.raucb" >"$WORK/rauc-other.log" 2>&1; then
  fail "rauc installed a bundle signed by another key"
fi
grep -qi 'signature' "$WORK/rauc-other.log" || fail "no signature error: $(tail -3 "$WORK/rauc-other.log")"

step "a server with updates on, an enrolled kiosk, an admin"
mkdir -p "$WORK/bundles"
cat >"$WORK/server.ini" <<INI
[server]
bundle_dir = $WORK/bundles
update_keyring = $FW/rauc/dev-keyring.pem
update_compatible = $(cat "$FW/rauc/compatible")
bundle_max_mb = 64
INI
SERVER_ARGS="--config $WORK/server.ini"
echo boot-1 >"$WORK/boot_id"
KIOSK_EXTRA="update_window = daily 00:00-24:00
update_rate_kib = 64
boot_id_file = $WORK/boot_id"
setup_enrolled_kiosk
DEV=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device_id"])' "$KIOSK_DATA/device.json")
echo 'a long password' | "$SERVER" staff-add admin --role admin --db "$DB_URL" >/dev/null 2>&1 \
  || fail "staff-add admin"
console admin
upload() {   # FILE — the console's upload form; prints the status, the page in $WORK/upload.html
  curl -sS -o "$WORK/upload.html" -w '%{http_code}' -b "$WORK/admin.jar" \
    -F "csrf=$CSRF_admin" -F "bundle=@$1;type=application/octet-stream" \
    "$SERVER_URL/console/kiosks/updates/bundle"
}

step "the console refuses the bundle signed by another key, with a clear message"
status=$(upload "$WORK/other.raucb")
[ "$status" = 422 ] || fail "other key's bundle: HTTP $status"
grep -q '签名校验未通过' "$WORK/upload.html" || fail "no clear refusal: $(grep -o '<p>[^<]*' "$WORK/upload.html" | head -3)"
[ "$(server_db "SELECT COUNT(*) FROM update_bundles")" = 0 ] || fail "a refused bundle was stored"
[ -z "$(ls -A "$WORK/bundles")" ] || fail "a refused upload left files: $(ls -A "$WORK/bundles")"

step "the console keeps ours: version and compatible shown"
status=$(upload "$WORK/v2.0.0.raucb")
[ "$status" = 200 ] || fail "v2 upload: HTTP $status $(grep -o '<p>[^<]*' "$WORK/upload.html" | head -3)"
grep -q '2.0.0' "$WORK/upload.html" && grep -q "$(cat "$FW/rauc/compatible")" "$WORK/upload.html" \
  || fail "version or compatible not shown"
sha=$(sha256sum "$WORK/v2.0.0.raucb" | cut -d' ' -f1)
[ "$(server_db "SELECT version || ' ' || sha256 FROM update_bundles")" = "2.0.0 $sha" ] \
  || fail "bundle row: $(server_db "SELECT version, sha256 FROM update_bundles")"
cmp -s "$WORK/v2.0.0.raucb" "$WORK/bundles/$sha.raucb" || fail "the kept file is not the upload"
bundle=$(server_db "SELECT id FROM update_bundles")

step "a record filed before the update"
file_opinion "filed before the update" before

step "offered to this kiosk alone (canary)"
status=$(form admin /console/kiosks/updates action=rollout bundle="$bundle" target="device:$DEV")
[ "$status" = 303 ] || fail "rollout: HTTP $status"
[ "$(server_db "SELECT scope || ':' || target || ':' || state FROM update_rollouts")" = "device:$DEV:active" ] \
  || fail "rollout row: $(server_db "SELECT * FROM update_rollouts")"

part="$KIOSK_DATA/update/$sha.raucb.part"
run_ui() {   # NAME SCRIPT-LINES... — the kiosk UI in the background; its pid in UI
  printf '%s\n' "${@:2}" "wait-for kiosk.stays.open 300000" >"$WORK/$1.script"
  "$KIOSK" --headless --config "$KIOSK_CFG" --script "$WORK/$1.script" >"$WORK/$1.log" 2>&1 &
  UI=$!
}
stop_ui() { kill "$UI" 2>/dev/null; wait "$UI" 2>/dev/null; }
step "the kiosk downloads slowly (64 KiB/s); cut it off midway"
run_ui slow "wait-for home.file_opinion"
size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }
partway() { [ "$(size_of "$part")" -ge 300000 ]; }
wait_until 120 partway || { stop_ui; tail "$WORK/slow.log"; fail "no download started"; }
stop_ui
cut=$(size_of "$part")
total=$(stat -c %s "$WORK/v2.0.0.raucb")
echo "cut at $cut of $total bytes"
[ "$cut" -lt "$total" ] || fail "the download finished before the cut: make the bundle bigger"
[ ! -e "$KIOSK_DATA/update/$sha.raucb" ] || fail "a whole file after a cut"

step "restarted, it resumes from the cut (Range), installs into slot B, files a record meanwhile"
sed -i 's/^update_rate_kib = .*/update_rate_kib = 4096/' "$KIOSK_CFG"
run_ui during "wait-for home.file_opinion" \
  "$(sed -e "s|@TEXT@|filed during the update|" -e "s|@OUT@|$WORK/during|g" "$HERE/file_opinion.script")"
state_is() { [ "$(server_db "SELECT state FROM update_status WHERE device='$DEV'")" = "$1" ]; }
wait_until 180 state_is installed || { stop_ui; tail -20 "$WORK/during.log"; \
  fail "not installed: $(server_db "SELECT * FROM update_status")"; }
grep -q "resuming at $cut of $total bytes" "$WORK/during.log" \
  || fail "did not resume at $cut: $(grep update "$WORK/during.log" | head -5)"
grep -q "GET /api/v1/kiosk/bundle/{token} 206" "$WORK/server.log" || fail "no Range answers"
[ "$(server_db "SELECT booted_slot || ' ' || slot_a || ' ' || slot_b FROM update_status WHERE device='$DEV'")" = "A 1.0.0 2.0.0" ] \
  || fail "slots: $(server_db "SELECT * FROM update_status")"
[ "$(debugfs -R 'cat /etc/minqing-version' "$WORK/slot-b.img" 2>/dev/null)" = 2.0.0 ] \
  || fail "slot B does not hold v2's file system"
[ "$(debugfs -R 'cat /etc/minqing-version' "$WORK/slot-a.img" 2>/dev/null)" = 1.0.0 ] \
  || fail "slot A (running) was touched"
[ ! -e "$KIOSK_DATA/update/$sha.raucb" ] || fail "the installed bundle was left on the data partition"
has_two() { [ "$(server_db "SELECT COUNT(*) FROM opinions")" = 2 ]; }
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null
wait_until 60 has_two || { stop_ui; fail "records lost: $(server_db "SELECT text FROM opinions")"; }
stop_ui
curl -sS -b "$WORK/admin.jar" "$SERVER_URL/console/kiosks/updates" >"$WORK/updates.html"
grep -q '已安装，等待重启' "$WORK/updates.html" || fail "the console does not show installed"

step "rebooted into slot B: marked good once home was drawn and a sync round completed"
stop_rauc
start_rauc B
echo boot-2 >"$WORK/boot_id"
run_ui rebooted "wait-for home.file_opinion"
wait_until 120 state_is good || { stop_ui; tail -20 "$WORK/rebooted.log"; \
  fail "not good: $(server_db "SELECT * FROM update_status")"; }
stop_ui
grep -q 'slot B marked good' "$WORK/rebooted.log" || fail "no mark-good"
grep -q 'marking it good once the home screen' "$WORK/rebooted.log" || fail "no health wait"

step "a v3 to all kiosks; a file signed by another key on its download path is refused"
status=$(upload "$WORK/v3.0.0.raucb")
[ "$status" = 200 ] || fail "v3 upload: HTTP $status"
sha3=$(sha256sum "$WORK/v3.0.0.raucb" | cut -d' ' -f1)
cp "$WORK/other.raucb" "$KIOSK_DATA/update/$sha3.raucb"
bundle3=$(server_db "SELECT id FROM update_bundles WHERE version='3.0.0'")
[ "$(form admin /console/kiosks/updates action=rollout bundle="$bundle3" target=all:)" = 303 ] \
  || fail "rollout v3"
run_ui v3 "wait-for home.file_opinion"
installed_v3() { state_is installed && [ "$(server_db "SELECT version FROM update_status WHERE device='$DEV'")" = 3.0.0 ]; }
wait_until 180 installed_v3 || { stop_ui; tail -20 "$WORK/v3.log"; fail "v3 not installed: $(server_db "SELECT * FROM update_status")"; }
stop_ui
grep -q "is not the offered bundle (SHA-256 differs): refused" "$WORK/v3.log" \
  || fail "the hand-placed file was not refused"
[ "$(debugfs -R 'cat /etc/minqing-version' "$WORK/slot-a.img" 2>/dev/null)" = 3.0.0 ] \
  || fail "v3 not in slot A (the inactive one)"

step "v3 does not come up: the board is back on B — reported as rolled back, with the reason"
stop_rauc
start_rauc B
echo boot-3 >"$WORK/boot_id"
run_ui back "wait-for home.file_opinion"
wait_until 120 state_is rolled_back || { stop_ui; fail "no rollback: $(server_db "SELECT * FROM update_status")"; }
stop_ui
reason=$(server_db "SELECT reason FROM update_status WHERE device='$DEV'")
case $reason in *3.0.0*A*B*2.0.0*) ;; *) fail "reason does not say what happened: $reason" ;; esac
curl -sS -b "$WORK/admin.jar" "$SERVER_URL/console/kiosks/updates" >"$WORK/updates.html"
grep -q '已自动回退到旧版本' "$WORK/updates.html" || fail "the console does not show the rollback"

step "every record filed before and during the updates reached the server"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "final sync"
[ "$(server_db "SELECT COUNT(*) FROM opinions")" = 2 ] || fail "records: $(server_db "SELECT COUNT(*) FROM opinions")"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state <> 'acked'")" = 0 ] || fail "queue not empty"

step "a kiosk enrolled on its screen starts its update thread at once (no restart): its heartbeat reports the slots"
mkdir -p "$WORK/k2"
cat >"$WORK/k2.ini" <<INI
[kiosk]
data_dir = $WORK/k2
enroll_url = $SERVER_URL
size = 1280x800
INI
code2=$("$SERVER" kiosk-code --studio hubin --db "$DB_URL") || fail "kiosk-code for the second kiosk"
{ echo "wait-for enroll.code"; echo "tap enroll.key.clear"
  printf '%s' "$code2" | tr -d '-' | tr 'A-Z' 'a-z' | sed 's/./tap enroll.key.&\n/g'
  printf '%s\n' "tap enroll.submit" "wait-for home.file_opinion 20000" "wait-for kiosk.stays.open 300000"
} >"$WORK/k2.script"
"$KIOSK" --headless --config "$WORK/k2.ini" --script "$WORK/k2.script" >"$WORK/k2.log" 2>&1 &
UI=$!
wait_until 30 test -e "$WORK/k2/device.json" || { stop_ui; tail -20 "$WORK/k2.log"; fail "not enrolled on screen"; }
DEV2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["device_id"])' "$WORK/k2/device.json")
k2_reports() { [ "$(server_db "SELECT booted_slot || ' ' || slot_b FROM update_status WHERE device='$DEV2'")" = "B 2.0.0" ]; }
wait_until 60 k2_reports || { stop_ui; tail -20 "$WORK/k2.log"; \
  fail "the kiosk enrolled on screen reports no update state: $(server_db "SELECT * FROM update_status")"; }
stop_ui
grep -q 'enrolled on screen' "$WORK/k2.log" || fail "not the screen's enrollment"

step "the audit log has every action"
for a in update.bundle_upload update.rollout; do
  [ "$(server_db "SELECT COUNT(*) FROM audit_log WHERE action='$a'")" -ge 1 ] || fail "no audit $a"
done
echo "e2e_update: ok"
