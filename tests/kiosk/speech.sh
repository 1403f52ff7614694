#!/bin/sh
# speech.sh KIOSK — read-aloud (朗读) end to end, headless, with SDL's disk
# audio driver standing in for the sound card (SDL_AUDIODRIVER=disk writes
# what the device plays into SDL_DISKAUDIOFILE, 16-bit signed mono):
#   1 speech = true: speech.script; the dumps' "spoken" say the pages, the
#     pressed button, the pinyin candidate, the 查询码 digit by digit in
#     Chinese numerals, the idle question; after 关闭朗读 nothing more; the
#     device got loud samples (espeak-ng's cmn voice through SDL audio);
#   2 speech = false, elder mode: speech_off.script says nothing, and the
#     audio device is never fed;
#   3 no speech key, elder_mode = true: on by default, home is read.
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "speech.sh: $*" >&2; exit 1; }
. "$here/lib.sh"
run() {   # run DIR SCRIPT
	( cd "$1" && SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$1/audio.raw" \
		"$kiosk" --config "$1/kiosk.ini" --headless --script "$2" ) >"$1/log" 2>&1 ||
		{ tail -20 "$1/log" >&2; fail "$(basename "$2") failed in $1"; }
}

on=$work/on
kiosk_setup "$kiosk" "$on" "speech = true"
run "$on" "$here/speech.script"
python3 - "$on" <<'PY' || fail "speech on: what was said"
import array, json, sys
d = sys.argv[1]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("speech.sh: " + what, file=sys.stderr); ok = False
sp = lambda name: json.load(open(f"{d}/{name}.json"))["spoken"]
home = sp("sp_home")
check(home and home[-1].startswith("湖滨街道。您好！请点屏幕上的大按钮"), f"home: {home}")
cat = sp("sp_category")
check(cat[-2:][0] == "反映民意" and "类别" in cat[-1], f"the press and the next page: {cat[-2:]}")
conf = json.load(open(f"{d}/sp_confirm.json"))
code = [w["text"] for w in conf["widgets"] if w["id"] == "confirm.code"][0]
digits = "、".join("零一二三四五六七八九"[int(c)] for c in code)
last = conf["spoken"][-1]
check(last.startswith("您的意见已收到，谢谢！") and f"查询码：{digits}" in last and "研判期限" in last,
      f"the confirmation: {last!r} (code {code})")
pin = sp("sp_pinyin")
cand = [w["text"] for w in json.load(open(f"{d}/sp_pinyin.json"))["widgets"] if w["id"] == "opinion.text"][0]
check(cand and pin[-1] == cand[-1], f"the pinyin candidate {cand!r} not said: {pin[-3:]}")
idle = sp("sp_idle")
check(idle[-1].startswith("还需要更多时间吗？ 20 秒后"), f"idle: {idle[-1:]}")
off = sp("sp_off")
check(sp("sp_after_off") == off, f"said after 关闭朗读: {sp('sp_after_off')[len(off) - 2:]}")
a = array.array("h", open(f"{d}/audio.raw", "rb").read())
peak = max((abs(x) for x in a), default=0)
check(len(a) > 22050 and peak > 3000, f"audio: {len(a)} samples, peak {peak}")
print(f"speech.sh: {len(a)} samples reached the device, peak {peak}")
sys.exit(0 if ok else 1)
PY

off=$work/off
kiosk_setup "$kiosk" "$off" "speech = false"
run "$off" "$here/speech_off.script"
python3 - "$off" <<'PY' || fail "speech off: something was said"
import array, json, os, sys
d = sys.argv[1]
j = json.load(open(f"{d}/off_confirm.json"))
if j["spoken"] or not j["elder_mode"]:
    sys.exit(f"speech.sh: spoken {j['spoken']} elder {j['elder_mode']}")
f = f"{d}/audio.raw"
if os.path.exists(f) and any(array.array("h", open(f, "rb").read())):
    sys.exit("speech.sh: sound reached the device with speech off")
PY

elder=$work/elder
kiosk_setup "$kiosk" "$elder" "elder_mode = true"
printf 'wait-for home.file_opinion\nexpect-text 关闭朗读\ndump e_home.json\n' >"$elder/e.script"
run "$elder" "$elder/e.script"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["spoken"]; sys.exit(0 if s and "您好" in s[-1] else "elder mode default: %r" % s)' \
	"$elder/e_home.json" || fail "speech is not on by default in elder mode"
echo "speech.sh: read-aloud on, off and by default in elder mode passed"
