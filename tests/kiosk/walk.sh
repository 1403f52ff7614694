#!/bin/sh
# walk.sh KIOSK [OUT] — walks every resident-facing screen (walk.script.in)
# in zh-CN and English, normal and elder mode, headless, against a store
# seeded with 湖滨's state, and the enrollment screen of a kiosk with no
# credentials (enroll_walk.script.in); each run checks the words on the
# screens, then check_dump.py checks every dump against the accessibility rules.
# OUT (default: a temporary folder) keeps OUT/{zh,en}-{normal,elder}/*.png|json.
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${2:-$work/out}
fail() { echo "walk.sh: $*" >&2; exit 1; }

for lang in zh en; do
	for mode in normal elder; do
		run=$work/$lang-$mode
		dir=$out/$lang-$mode
		mkdir -p "$run" "$dir"
		. "$here/lib.sh"
		kiosk_setup "$kiosk" "$run"
		if [ $lang = zh ]; then
			set -- "# Chinese" 反映民意 今日值班委员 请先写下您的意见 这不像电话号码 \
				请点上面的同意 您的意见已收到 "调研走访 — 进行中" 本机没有找到 \
				待上传记录 还需要更多时间吗
		else
			set -- "tap ui.lang" "Share your opinion" "Member on duty today" \
				"Please write your opinion first" "That is not a phone number" \
				"Please tap the consent" "Thank you" "Investigated — in progress" \
				"This kiosk has no opinion" "Queued records" "Do you need more time"
		fi
		elder="# normal"
		[ $mode = elder ] && elder="tap ui.elder_mode"
		sed -e "s|@LANG@|$1|" -e "s|@ELDER@|$elder|" -e "s|@T_FILE@|$2|" -e "s|@T_DUTY@|$3|" \
		    -e "s|@T_WRITE_FIRST@|$4|" -e "s|@T_NOT_PHONE@|$5|" -e "s|@T_CONSENT@|$6|" \
		    -e "s|@T_THANKS@|$7|" -e "s|@T_RESEARCH@|$8|" -e "s|@T_NOT_FOUND@|$9|" \
		    -e "s|@T_QUEUE@|${10}|" -e "s|@T_MORE_TIME@|${11}|" \
		    -e "s|@O@|$dir|g" -e "s|@D@|$here|g" "$here/walk.script.in" > "$run/walk.script"
		redraw_checks "$run/walk.script"
		( cd "$run" && "$kiosk" --config "$run/kiosk.ini" --headless --script "$run/walk.script" ) \
			> "$run/log" 2>&1 || { cat "$run/log" >&2; fail "$lang $mode: script failed"; }
		# the idle wipe left nothing of the draft behind, and the opinion is queued
		depth=$("$kiosk" status --config "$run/kiosk.ini" |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["queue_depth"])')
		[ "$depth" = 1 ] || fail "$lang $mode: queue_depth $depth, expected 1"
		python3 - "$dir" "$lang" "$mode" <<'PY' || fail "$lang $mode: dump checks"
import json, sys
d, lang, mode = sys.argv[1:]
ok = True
for name in ("home", "text", "review", "track", "service", "idle"):
    j = json.load(open(f"{d}/{name}.json"))
    if j["elder_mode"] != (mode == "elder") or j["lang"] != ("en" if lang == "en" else "zh_CN"):
        print(f"{name}: elder_mode/lang wrong", file=sys.stderr); ok = False
t = {w["id"]: w for w in json.load(open(f"{d}/text.json"))["widgets"]}
if t["opinion.text"]["text"] != "路口红绿灯太短,Gate 3.上":
    print("typed: " + t["opinion.text"]["text"], file=sys.stderr); ok = False
h = [w["text"] for w in json.load(open(f"{d}/handwriting.json"))["widgets"]
     if w["id"].startswith("kbd.candidate.") and w["visible"]]
if "人" not in h[:3]:
    print(f"handwriting: 人 not in the top 3: {h}", file=sys.stderr); ok = False
s = {w["id"]: w for w in json.load(open(f"{d}/service_locked.json"))["widgets"]}
# a code lookup shows the progress only: no QR, and nowhere the token
tk = json.load(open(f"{d}/track.json"))
if any(w["role"] == "qr" for w in tk["widgets"]) or "Qm9va1RyYWNrVG9rZW4xMg" in json.dumps(tk):
    print("track: a code lookup shows a QR or the token", file=sys.stderr); ok = False
c = {w["id"]: w for w in json.load(open(f"{d}/confirm.json"))["widgets"]}
if not c["confirm.code"]["text"].isdigit() or len(c["confirm.code"]["text"]) != 8:
    print("confirm code " + c["confirm.code"]["text"], file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
		# the enrollment screen: a kiosk with no credentials, a server that is down
		mkdir -p "$run/enroll"
		printf '[kiosk]\ndata_dir = %s\nenroll_url = http://127.0.0.1:9\nsize = 1280x800\ndpi = 150\n%s\n' \
			"$run/enroll" "${MQ_KIOSK_INI:-}" > "$run/enroll.ini"
		if [ $lang = zh ]; then
			set -- "# Chinese" 登记码是12位 这不是登记二维码 连不上服务器
		else
			set -- "tap ui.lang" "12 letters and digits" "not an enrollment QR code" \
				"cannot be reached"
		fi
		sed -e "s|@LANG@|$1|" -e "s|@ELDER@|$elder|" -e "s|@T_INCOMPLETE@|$2|" \
		    -e "s|@T_NOT_QR@|$3|" -e "s|@T_UNREACHABLE@|$4|" -e "s|@O@|$dir|g" \
		    "$here/enroll_walk.script.in" > "$run/enroll.script"
		redraw_checks "$run/enroll.script"
		( cd "$run" && "$kiosk" --config "$run/enroll.ini" --headless --script "$run/enroll.script" ) \
			> "$run/enroll.log" 2>&1 || { cat "$run/enroll.log" >&2; fail "$lang $mode: enrollment walk failed"; }
		[ ! -e "$run/enroll/device.json" ] || fail "$lang $mode: enrolled with a server that is down"
		zbarimg -q --raw "$dir/confirm.png" | grep -q '^https://minqing.example.gov.cn/t/' ||
			fail "$lang $mode: the confirmation QR does not read"
		if zbarimg -q --raw "$dir/track.png" >/dev/null 2>&1; then
			fail "$lang $mode: a code lookup shows a QR code"
		fi
		zbarimg -q --raw "$dir/track_qr.png" | grep -qx 'https://minqing.example.gov.cn/t/Qm9va1RyYWNrVG9rZW4xMg' ||
			fail "$lang $mode: the track QR (after scanning the receipt) does not read"
	done
done
python3 "$here/check_dump.py" "$out"/*/*.json
echo "walk.sh: every screen, zh/en x normal/elder, passed"
