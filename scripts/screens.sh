#!/bin/sh
# screens.sh — writes screenshots of every resident-facing screen, in both
# languages and both text sizes, into docs/screens/ (one command; builds
# the kiosk if needed). It runs tests/kiosk/walk.sh (which also checks the
# words and the accessibility rules) and keeps a chosen set, optimised.
#   scripts/screens.sh            (build dir: build-screens, or $MQ_BUILD)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MQ_BUILD:-$root/build-screens}
if [ ! -x "$build/app/minqing-kiosk" ]; then
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMQ_TESTS=OFF >/dev/null
	cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target minqing-kiosk
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sh "$root/tests/kiosk/walk.sh" "$build/app/minqing-kiosk" "$out"
# the screens of booking a visit and member check-in (also checked there)
sh "$root/tests/kiosk/visit.sh" "$build/app/minqing-kiosk" "$out/visit"

dest=$root/docs/screens
mkdir -p "$dest"
rm -f "$dest"/*.png
keep() {   # keep RUN SCREEN...
	run=$1
	shift
	for s in "$@"; do
		cp "$out/$run/$s.png" "$dest/$(echo "$run" | tr / -)-$s.png"
	done
}
keep zh-normal home category text handwriting community member contact phone review confirm \
	track track_qr track_not_found service idle enroll enroll_error enroll_server
keep zh-elder home category text review confirm track enroll_error
keep en-normal home text review track enroll
keep en-elder home phone
keep visit/zh-normal book_slots book_review book_confirm checkin_start checkin_member
keep visit/zh-elder book_slots book_confirm checkin_locked
keep visit/en-normal book_slots
if command -v optipng >/dev/null; then
	optipng -quiet -o2 -strip all "$dest"/*.png
fi
ls "$dest" | wc -l | xargs echo "screens.sh: PNGs in docs/screens:"
du -sh "$dest" | cut -f1 | xargs echo "screens.sh: total"
