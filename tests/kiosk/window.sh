#!/bin/sh
# window.sh KIOSK — run a kiosk script in a real window on a virtual X
# display (Xvfb), not --headless: the window, renderer and input paths.
# Leak checking is off for this one run: in window mode SDL loads X11/GL and
# D-Bus code whose one-off allocations LeakSanitizer cannot attribute; every
# headless kiosk test checks our own code for leaks.
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v xvfb-run >/dev/null || { echo "skipped: xvfb-run missing"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/lib.sh"
kiosk_setup "$kiosk" "$work" ""
cd "$work"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	xvfb-run -a -s "-screen 0 1280x800x24" \
	"$kiosk" --config "$work/kiosk.ini" --script "$here/window.script"
[ -s window.png ] || { echo "window.sh: no screenshot" >&2; exit 1; }
grep -q '"screen": *"opinion"' window.json || { echo "window.sh: not on the opinion screen" >&2; exit 1; }
echo "window.sh: passed"
