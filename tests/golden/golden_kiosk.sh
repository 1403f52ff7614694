#!/bin/sh
# golden_kiosk.sh KIOSK OUT — the kiosk's dumps of every screen, as
# tests/kiosk/walk.sh, visit.sh and part.sh walk them (zh/en x normal/elder), made
# repeatable: every process sees the wall clock stopped at Thursday 2026-11-19
# 16:00 in Shanghai (libfaketime, an absolute time: a slow run on a loaded
# machine crosses no minute; the UI's monotonic timers run normally, and the
# scripts move the wall clock on with `clock +N` where they need it), and what
# is random or measured is masked: tracking and booking tokens, 查询码, the
# free disk space on the service screen and the machine's network address on
# the enrollment screen, and the code as read aloud (spoken). OUT gets one JSON file a dump
# and png.sha256, the hash of every screenshot without random content.
set -eu
kiosk=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/mq-golden-kiosk-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"   # faketime preloads
faketime -f "2026-11-19 08:00:00" sh "$here/../kiosk/walk.sh" "$kiosk" "$work/walk" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; exit 1; }
faketime -f "2026-11-19 08:00:00" sh "$here/../kiosk/visit.sh" "$kiosk" "$work/visit" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; exit 1; }
faketime -f "2026-11-19 08:00:00" sh "$here/../kiosk/part.sh" "$kiosk" "$work/part" >"$work/log" 2>&1 ||
	{ cat "$work/log" >&2; exit 1; }
mkdir -p "$out"
python3 - "$work" "$out" <<'PY'
import glob, json, os, re, sys
work, out = sys.argv[1:]
masked = {"service.oldest": "N s", "service.disk": "N MiB", "confirm.code": "CODE",
          "enroll.info": "VERSION · ADDRESS"}
for f in sorted(glob.glob(f"{work}/walk/*/*.json") + glob.glob(f"{work}/visit/*/*.json") +
                glob.glob(f"{work}/part/*/*.json")):
    dump = json.load(open(f))
    for w in dump["widgets"]:
        if w["id"] in masked:
            w["text"] = masked[w["id"]]
        w["text"] = re.sub(r"/([tb])/[A-Za-z0-9_-]{22}$", r"/\1/TOKEN", w["text"])
    # read-aloud says the code digit by digit: masked like the code
    dump["spoken"] = [re.sub(r"(?:[零一二三四五六七八九]、){7}[零一二三四五六七八九]|(?:[0-9], ){7}[0-9]",
                             "CODE", s) for s in dump.get("spoken", [])]
    name = os.path.relpath(f, work).replace("/", "-")
    with open(f"{out}/{name}", "w") as o:
        json.dump(dump, o, ensure_ascii=False, indent=1)
        o.write("\n")
PY
( cd "$work" && sha256sum walk/*/*.png visit/*/*.png part/*/*.png ) |
	grep -v -e '/confirm\.png$' -e '/book_confirm\.png$' -e '/service\.png$' -e '/enroll[a-z_]*\.png$' \
	>"$out/png.sha256"
