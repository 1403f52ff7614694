#!/bin/bash
# First-boot enrollment on the touchscreen, against a real server process:
# a kiosk with no credentials shows 登记本机 (not home); a wrong code, an
# expired one, a server that is down, a certificate that does not match and
# a machine with no network each get their own plain sentence and leave the
# kiosk unenrolled (its service screen says there is no technician PIN yet,
# and every way home leads back to enrollment); a real code from `kiosk-code`
# typed on the keypad enrolls it and the home screen comes, with the studio's
# state pulled and the technician PIN of the district opening the service
# screen; the QR of the console, read by a USB scanner, enrolls another
# kiosk in one go.
. "$(dirname "$0")/common.sh"

step "seed the demo district and start the server"
"$SERVER" seed-demo --db "sqlite:$SERVER_DB" >"$WORK/seed.log" 2>&1 || fail "seed-demo failed"
start_server "$SERVER" "$SERVER_DB" "$WORK/server.log" || fail "server did not start"

# fresh_kiosk NAME [ENROLL_URL] [EXTRA] — an empty data dir and its kiosk.ini
fresh_kiosk() {
  mkdir -p "$WORK/$1"
  cat >"$WORK/$1.ini" <<INI
[kiosk]
data_dir = $WORK/$1
enroll_url = ${2:-$SERVER_URL}
size = 1280x800
${3:-}
INI
}
# run_script NAME SCRIPT_TEXT — runs it headless on kiosk NAME; fails the test if it fails
run_script() {
  printf '%s\n' "$2" >"$WORK/$1.script"
  "$KIOSK" --headless --config "$WORK/$1.ini" --script "$WORK/$1.script" >"$WORK/$1.log" 2>&1 \
    || { tail -20 "$WORK/$1.log" >&2; fail "kiosk script $1 failed"; }
}
# taps CODE — the script lines that type CODE on the enrollment keypad
taps() { printf '%s' "$1" | tr -d '-' | tr 'A-Z' 'a-z' | sed 's/./tap enroll.key.&\n/g'; }
not_enrolled() { [ ! -e "$WORK/$1/device.json" ] || fail "$1 has credentials after: $2"; }
new_code() { "$SERVER" kiosk-code --studio hubin --db "sqlite:$SERVER_DB"; }

step "no credentials: the enrollment screen, preset with the site's server address"
fresh_kiosk k1
run_script k1 "wait-for enroll.code
expect-screen enroll
dump $WORK/k1-first.json"
python3 - "$WORK/k1-first.json" "$SERVER_URL" <<'PY' || fail "first screen"
import json, sys
d = json.load(open(sys.argv[1])); w = {x["id"]: x for x in d["widgets"]}
assert d["screen"] == "enroll", d["screen"]
for i in ("enroll.server", "enroll.code", "enroll.submit"):
    assert i in w, i
assert w["enroll.server"]["text"] == sys.argv[2], w["enroll.server"]["text"]
assert w["enroll.code"]["text"] == "", w["enroll.code"]["text"]
PY

step "a wrong code (well-formed, unknown) is refused in plain words"
run_script k1 "wait-for enroll.code
$(taps 2345-6789-ABCD)
expect-text 2345-6789-ABCD
tap enroll.submit
wait-for enroll.error 20000
expect-text 登记码不对
expect-screen enroll"
not_enrolled k1 "a wrong code"

step "an expired code (made two days ago) says so"
old=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
  faketime -f "-2d" "$SERVER" kiosk-code --studio hubin --db "sqlite:$SERVER_DB") || fail "old code"
run_script k1 "wait-for enroll.code
$(taps "$old")
tap enroll.submit
wait-for enroll.error 20000
expect-text 已经过期"
not_enrolled k1 "an expired code"

step "a server that is down: cannot be reached"
fresh_kiosk k2 "http://127.0.0.1:9"
run_script k2 "wait-for enroll.code
$(taps "$(new_code)")
tap enroll.submit
wait-for enroll.error 20000
expect-text 连不上服务器"
not_enrolled k2 "a server that is down"

step "a certificate that does not match: refused before anything is sent"
tls="$WORK/tls"; mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout "$tls/srv.key" -out "$tls/srv.pem" -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null || fail "certificate"
tls_port=$(( 20000 + ($$ * 13) % 30000 ))
"$SERVER" serve --db "sqlite:$SERVER_DB" --listen "127.0.0.1:$tls_port" \
  --tls-cert "$tls/srv.pem" --tls-key "$tls/srv.key" >>"$WORK/tls-server.log" 2>&1 &
TLS_PID=$!
wait_until 20 curl -fsS --cacert "$tls/srv.pem" "https://127.0.0.1:$tls_port/healthz" \
  || fail "the TLS server did not start"
fresh_kiosk k3 "https://127.0.0.1:$tls_port"          # no ca_file: the self-signed cert is untrusted
code3=$(new_code)
run_script k3 "wait-for enroll.code
$(taps "$code3")
tap enroll.submit
wait-for enroll.error 20000
expect-text 安全证书"
kill "$TLS_PID"; wait "$TLS_PID" 2>/dev/null
not_enrolled k3 "a certificate mismatch"
[ "$(server_db "SELECT used_at IS NULL FROM enroll_codes WHERE code = '$(echo "$code3" | tr -d -)'")" = 1 ] \
  || fail "the code was spent through an untrusted certificate"

step "no network at all (a network namespace with nothing up)"
if unshare -rn true 2>/dev/null; then
  fresh_kiosk k4 "https://minqing.example.gov.cn"
  printf '%s\n' "wait-for enroll.code
$(taps "$(new_code)")
tap enroll.submit
wait-for enroll.error 20000
expect-text 没有连上网络" >"$WORK/k4.script"
  unshare -rn "$KIOSK" --headless --config "$WORK/k4.ini" --script "$WORK/k4.script" \
    >"$WORK/k4.log" 2>&1 || { tail -20 "$WORK/k4.log" >&2; fail "no network: script failed"; }
  not_enrolled k4 "no network"
else
  echo "(skipped: unshare -rn is not allowed here)"
fi

step "a real code typed on the keypad: enrolled, home, the state, the district's technician PIN"
code=$(new_code)
run_script k1 "wait-for enroll.code
tap enroll.key.clear
$(taps "$code")
expect-text $code
tap enroll.submit
wait-for home.file_opinion 20000
expect-screen home
wait-for-text 20000 湖滨街道委员工作室
dump $WORK/k1-home.json
tap ui.studio
tap ui.studio
tap ui.studio
tap ui.studio
tap ui.studio
wait-for service.pin
tap service.key.2
tap service.key.4
tap service.key.6
tap service.key.8
tap service.unlock
wait-for service.sync_now 10000
expect-text kiosk-hubin-"
[ "$(stat -c %a "$WORK/k1/device.json")" = 600 ] || fail "device.json is not mode 0600"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["studio"]=="hubin" and d["server_url"]==sys.argv[2], d' \
  "$WORK/k1/device.json" "$SERVER_URL" || fail "device.json"
[ "$(server_db "SELECT count(*) FROM devices WHERE id NOT LIKE 'open311-%'")" = 1 ] || fail "no device on the server"
# the line under the title bar names the street as residents know it, never its key
python3 - "$WORK/k1-home.json" <<'PY' || fail "home shows the street's key, not its name"
import json, sys
w = {x["id"]: x for x in json.load(open(sys.argv[1]))["widgets"]}
assert w["home.street"]["text"] == "湖滨街道", w["home.street"]["text"]
raw = [x["id"] for x in w.values() if x.get("text", "").strip() == "hubin"]
assert not raw, raw
PY

step "after a restart it stays enrolled: home first; a bad opening_hours is reported, the kiosk runs"
echo "opening_hours = weekdays 9 to 5" >>"$WORK/k1.ini"
run_script k1 "wait-for home.file_opinion
expect-screen home"
grep -q 'opening_hours "weekdays 9 to 5"' "$WORK/k1.log" || fail "no log line for a bad opening_hours"
"$KIOSK" status --config "$WORK/k1.ini" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["enrolled"] and d["opening_hours"] == "always" and "weekdays 9 to 5" in d["opening_hours_error"], d' \
  || fail "status does not tell the bad opening_hours"

step "the console's QR through a USB scanner enrolls in one go"
fresh_kiosk k5 "https://wrong.example.gov.cn"          # the QR's address wins over the preset
code5=$(new_code)
run_script k5 "wait-for enroll.code
hid $SERVER_URL/#enroll=$code5\\n
wait-for home.file_opinion 20000
expect-screen home"
[ -s "$WORK/k5/device.json" ] || fail "the scanned QR did not enroll"
grep -q "\"server_url\": *\"$SERVER_URL\"" "$WORK/k5/device.json" || fail "k5 enrolled elsewhere"

step "a scan that is no enrollment QR says so; no service screen before enrollment; home is enrollment"
fresh_kiosk k6
run_script k6 "wait-for enroll.code
hid https://minqing.example.gov.cn/t/Qm9va1RyYWNrVG9rZW4xMg\\n
wait-for enroll.error
expect-text 这不是登记二维码
tap ui.studio
tap ui.studio
tap ui.studio
tap ui.studio
tap ui.studio
wait-for service.message
expect-text 还没有收到区里设置的维护密码
tap service.exit
expect-screen enroll
tap ui.home
expect-screen enroll"
not_enrolled k6 "a tracking QR"
echo "e2e_enroll_screen: ok"
