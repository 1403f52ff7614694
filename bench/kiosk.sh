#!/bin/sh
# bench/kiosk.sh — the kiosk's efficiency figures (bench/README.md, kiosk
# section): start-up to first frame, peak RSS on the home screen, idle CPU
# over 60 s, milliseconds and instructions (callgrind) per full redraw at
# 1280x800. Figures, not pass/fail. Release build, headless (software
# renderer: on a board with a GPU the redraw is cheaper still).
#   bench/kiosk.sh            MQ_BENCH_RUNS=5 MQ_BENCH_IDLE_S=60 by default
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MQ_BUILD:-$root/build-bench}
runs=${MQ_BENCH_RUNS:-5}
idle_s=${MQ_BENCH_IDLE_S:-60}
if [ ! -x "$build/app/minqing-kiosk" ]; then
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMQ_TESTS=OFF >/dev/null
	cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target minqing-kiosk >/dev/null
fi
kiosk=$build/app/minqing-kiosk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
MQ_KIOSK_TESTS=$root/tests/kiosk
. "$root/tests/kiosk/lib.sh"
kiosk_setup "$kiosk" "$work" >/dev/null 2>&1
cd "$work"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# 1. start-up to first frame (the kiosk logs it), and peak RSS on home
printf 'wait-for home.file_opinion\nwait 300\n' > home.script
i=0
: > first.txt
: > rss.txt
while [ $i -lt "$runs" ]; do
	"$kiosk" --config kiosk.ini --headless --script home.script > log 2>&1 &
	pid=$!
	peak=0
	while kill -0 $pid 2>/dev/null; do
		r=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
		[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
		sleep 0.05
	done
	wait $pid
	sed -n 's/.*first frame \([0-9]*\) ms after start.*/\1/p' log >> first.txt
	echo "$peak" >> rss.txt
	i=$((i + 1))
done
echo "start-up to first frame: $(median < first.txt) ms (median of $runs)"
echo "peak RSS on the home screen: $(( $(median < rss.txt) / 1024 )) MiB (median of $runs)"

# 2. idle CPU: the UI loop with nothing happening (no script), utime+stime
"$kiosk" --config kiosk.ini --headless > idle.log 2>&1 &
pid=$!
sleep 2
t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
sleep "$idle_s"
t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
kill $pid
wait $pid 2>/dev/null || true
hz=$(getconf CLK_TCK)
echo "idle CPU over ${idle_s} s: $(( (t1 - t0) * 1000 / hz )) ms of CPU ($(awk "BEGIN {printf \"%.3f\", ($t1 - $t0) * 100 / $hz / $idle_s}")%)"

# 3. a full redraw of the home screen: wall time, then instructions
printf 'wait-for home.file_opinion\nredraw 200\n' > redraw.script
: > ms.txt
i=0
while [ $i -lt "$runs" ]; do
	"$kiosk" --config kiosk.ini --headless --script redraw.script 2>&1 |
		sed -n 's/.*(\([0-9.]*\) ms each).*/\1/p' >> ms.txt
	i=$((i + 1))
done
echo "full redraw at 1280x800 (home, software renderer): $(median < ms.txt) ms (median of $runs x 200)"
if command -v valgrind >/dev/null; then
	for n in 0 20; do
		printf 'wait-for home.file_opinion\nredraw %s\n' $n > cg$n.script
		valgrind --tool=callgrind --callgrind-out-file=cg$n.out "$kiosk" --config kiosk.ini \
			--headless --script cg$n.script > /dev/null 2>&1
	done
	ir0=$(sed -n 's/^summary: //p' cg0.out)
	ir20=$(sed -n 's/^summary: //p' cg20.out)
	echo "instructions per full redraw (callgrind): $(( (ir20 - ir0) / 20 ))"
fi
