#!/bin/sh
# scenario.sh KIOSK SCRIPT [INI LINE] — run one kiosk script headless against
# a store seeded with 湖滨's state (lib.sh); extra checks for idle.script.
set -eu
kiosk=$1
script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/lib.sh"
kiosk_setup "$kiosk" "$work" "${3:-}"
cd "$work"
"$kiosk" --config "$work/kiosk.ini" --headless --script "$script"
if [ "$(basename "$script")" = idle.script ]; then
	python3 - <<'PY'
import json, sys
d = json.load(open("idle_after.json"))
w = {x["id"]: x for x in d["widgets"]}
bad = [x["id"] for x in d["widgets"] if x["role"] == "input" and x["text"]]
bad += [i for i in ("kbd.composing",) if w[i]["text"]]
bad += [x["id"] for x in d["widgets"] if x["id"].startswith("kbd.candidate.") and x["visible"]]
if bad or d["elder_mode"] or d["lang"] != "zh_CN":
    print("idle: left behind: %s elder=%s lang=%s" % (bad, d["elder_mode"], d["lang"]), file=sys.stderr)
    sys.exit(1)
PY
fi
echo "scenario.sh: $(basename "$script") passed"
