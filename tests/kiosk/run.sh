#!/bin/sh
# run.sh KIOSK SCRIPT — run a kiosk scenario headless against an empty data
# dir (but for the kiosk's credentials), then check what file_opinion.script
# leaves behind: the dumps follow DESIGN §4, the confirmation QR decodes
# (zbarimg) to the dumped URL, the short code is 8 digits and the record is
# queued in the store.
# MQ_KIOSK_OUT=DIR keeps the screenshots and dumps there.
set -eu
kiosk=$1
script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/data"
cat > "$work/kiosk.ini" <<INI
[kiosk]
data_dir = $work/data
public_url = https://minqing.example.gov.cn
size = 1280x800
dpi = 150
INI
# enrolled (else the enrollment screen comes first), with no server to reach
printf '{"device_id":"kiosk-hubin-test","studio":"hubin","server_url":"","key":"%s"}\n' \
	"$(head -c 32 /dev/zero | base64)" > "$work/data/device.json"
cd "$work"
"$kiosk" --config "$work/kiosk.ini" --headless --script "$script"

fail() { echo "run.sh: $*" >&2; exit 1; }
for f in home.png category.png text.png confirm.png confirm_elder.png \
         home.json text.json confirm.json confirm_elder.json; do
	[ -s "$f" ] || fail "missing $f"
done

python3 - <<'PY' || exit 1
import json, re, sys
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("run.sh: " + what, file=sys.stderr)
        ok = False
for name, screen, elder in (("home", "home", False), ("text", "opinion", False),
                            ("confirm", "confirm", False), ("confirm_elder", "confirm", True)):
    d = json.load(open(name + ".json"))
    check(d["screen"] == screen, f"{name}: screen {d['screen']}")
    check(d["size"] == [1280, 800] and d["dpi"] == 150, f"{name}: size/dpi")
    check(d["elder_mode"] is elder, f"{name}: elder_mode")
    ids = set()
    for w in d["widgets"]:
        check(set(w) == {"id","role","text","rect","font_px","fg","bg","visible"}, f"{name}: keys of {w.get('id')}")
        check(re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_-]+)*", w["id"]) is not None, f"{name}: id {w['id']}")
        check(w["role"] in ("button","text","input","image","qr","key"), f"{name}: role {w['role']}")
        check(re.fullmatch(r"#[0-9a-f]{6}", w["fg"]) and re.fullmatch(r"#[0-9a-f]{6}", w["bg"]), f"{name}: colours")
        check(len(w["rect"]) == 4, f"{name}: rect")
        ids.add(w["id"])
    for fixed in ("ui.home", "ui.elder_mode", "ui.lang"):
        check(fixed in ids, f"{name}: no {fixed}")
    min_touch = (60 if elder else 44) * 150 / 160
    for w in d["widgets"]:
        if w["role"] in ("button", "key") and w["visible"]:
            check(w["rect"][3] >= min_touch - 1, f"{name}: {w['id']} is {w['rect'][3]} px tall")
t = {w["id"]: w for w in json.load(open("text.json"))["widgets"]}
check(t["opinion.text"]["role"] == "input", "opinion.text role")
check(t["opinion.text"]["text"] == "The street light at Gate 3 is broken.路灯坏了三天，晚上很黑。", "typed text: " + t["opinion.text"]["text"])
for k in "abcdefghijklmnopqrstuvwxyz0123456789":
    check("kbd.key." + k in t, "no key " + k)
c = {w["id"]: w for w in json.load(open("confirm.json"))["widgets"]}
check(c["confirm.qr"]["role"] == "qr", "confirm.qr role")
check(re.fullmatch(r"https://minqing\.example\.gov\.cn/t/[A-Za-z0-9_-]{22}", c["confirm.qr"]["text"]) is not None, "QR text " + c["confirm.qr"]["text"])
check(re.fullmatch(r"[0-9]{8}", c["confirm.code"]["text"]) is not None, "code " + c["confirm.code"]["text"])
open("qr.txt", "w").write(c["confirm.qr"]["text"])
sys.exit(0 if ok else 1)
PY

for png in confirm.png confirm_elder.png; do
	got=$(zbarimg -q --raw "$png" 2>/dev/null || true)
	[ "$got" = "$(cat qr.txt)" ] || fail "$png: QR reads \"$got\", expected $(cat qr.txt)"
done
depth=$("$kiosk" status --config "$work/kiosk.ini" | python3 -c 'import json,sys; print(json.load(sys.stdin)["queue_depth"])')
[ "$depth" = 1 ] || fail "queue_depth $depth, expected 1"

if [ -n "${MQ_KIOSK_OUT:-}" ]; then
	mkdir -p "$MQ_KIOSK_OUT"
	cp ./*.png ./*.json "$MQ_KIOSK_OUT"/
fi
echo "run.sh: $(basename "$script") passed; QR $(cat qr.txt)"
