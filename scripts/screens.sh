#!/bin/sh
# screens.sh — writes screenshots of every resident-facing screen, in both
# languages and both text sizes, into docs/screens/ (one command; builds
# the kiosk if needed). It runs tests/kiosk/walk.sh (which also checks the
# words and the accessibility rules), visit.sh and tests/print/print.sh
# (the paper receipts, decoded) and keeps a chosen set, optimised. The
# clock is a studio's working morning (Thursday 2026-11-19 09:00 in
# Shanghai, libfaketime as tests/golden/golden_kiosk.sh does), so the duty
# shifts and slots on the pictures are daytime hours whenever this runs.
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
daytime() {   # the UI's monotonic timers run normally; the wall clock is 09:00 in Shanghai
	TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@2026-11-19 01:00:00" "$@"
}
daytime sh "$root/tests/kiosk/walk.sh" "$build/app/minqing-kiosk" "$out"
# the screens of booking a visit and member check-in (also checked there)
daytime sh "$root/tests/kiosk/visit.sh" "$build/app/minqing-kiosk" "$out/visit"
# 大家来选议题 and 问卷调查 (checked there too)
daytime sh "$root/tests/kiosk/part.sh" "$build/app/minqing-kiosk" "$out/part"
# the paper receipts, as the printer would print them
daytime sh "$root/tests/print/print.sh" "$build/app/minqing-kiosk" "$out/print"

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
keep visit/zh-normal book_slots book_review book_confirm checkin_start checkin_member \
	cancel_start cancel_wrong
keep visit/zh-elder book_slots book_confirm checkin_locked cancel_start
keep visit/en-normal book_slots
keep part/zh-normal home topics_backed survey_q2 survey_q3 survey_done
keep part/zh-elder topics survey_q1
keep part/en-normal topics
keep print receipt-opinion-58mm receipt-booking-80mm confirm-printed confirm-no-paper
if command -v optipng >/dev/null; then
	optipng -quiet -o2 -strip all "$dest"/*.png
fi
ls "$dest" | wc -l | xargs echo "screens.sh: PNGs in docs/screens:"
du -sh "$dest" | cut -f1 | xargs echo "screens.sh: total"
