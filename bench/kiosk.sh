#!/bin/sh
# bench/kiosk.sh — the kiosk's efficiency figures (bench/README.md, kiosk
# section): start-up to first frame, peak RSS on the home screen, idle CPU
# over 60 s, milliseconds and instructions (callgrind) per full redraw at
# 1280x800, and side by side with headless Chromium showing an HTML replica
# of the home screen (bench/home.html): start -> screenshot -> exit, wall
# time and the peak memory of the whole process tree, interleaved. Figures,
# not pass/fail. Release build, headless (software renderer: on a board with
# a GPU the redraw is cheaper still).
#   bench/kiosk.sh            MQ_BENCH_RUNS=5 MQ_BENCH_IDLE_S=60 by default
#   MQ_BENCH_ONLY=chromium    only the side-by-side part
#   MQ_BENCH_ONLY=redraw      only the full and partial redraws (callgrind)
#   MQ_KIOSK_BASELINE=BIN     also an older kiosk binary in the side-by-side
#                             runs and the callgrind figures, interleaved
#                             (before/after in one go)
#   MQ_ARM64_BUILD=DIR        also the arm64 build in DIR (cmake with
#                             board/toolchain-aarch64.cmake) under
#                             qemu-aarch64-static beside this build
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
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"

# cg_figures KIOSK LABEL: instructions (callgrind) per full redraw, of one
# key press and of a candidate list update. Counted only inside the script
# commands that draw (--toggle-collect), so the start-up (fontconfig,
# dictionaries, which another process's fc-cache can make vary) does not
# enter the figures; instruction counts do not depend on the machine's load.
cg_figures() {
	printf 'wait-for home.file_opinion\nredraw 20\n' > cg20.script
	valgrind --tool=callgrind --toggle-collect=do_redraw --callgrind-out-file=cg20.out \
		"$1" --config kiosk.ini --headless --script cg20.script > /dev/null 2>&1
	full=$(( $(sed -n 's/^summary: //p' cg20.out) / 20 ))
	# partial redraws on the pinyin keyboard: the taps of a run with one
	# more tap minus those of a run without it (each tap handles the touch,
	# then draws only what changed)
	for n in base key page; do
		{
			printf 'wait-for home.file_opinion\ntap home.file_opinion\n'
			printf 'wait-for opinion.category.traffic\ntap opinion.category.traffic\n'
			printf 'wait-for opinion.text\ntap kbd.key.s\ntap kbd.key.h\nwait-for kbd.candidate.0\n'
			[ $n = key ] && printf 'tap kbd.key.a\n'
			[ $n = page ] && printf 'tap kbd.page.next\n'
			printf 'wait-for kbd.candidate.0\n'
		} > kb$n.script
		valgrind --tool=callgrind --toggle-collect=do_tap_id --callgrind-out-file=kb$n.out \
			"$1" --config kiosk.ini --headless --script kb$n.script > /dev/null 2>&1
	done
	irb=$(sed -n 's/^summary: //p' kbbase.out)
	irk=$(sed -n 's/^summary: //p' kbkey.out)
	irp=$(sed -n 's/^summary: //p' kbpage.out)
	awk -v k=$((irk - irb)) -v p=$((irp - irb)) -v f="$full" -v l="$2" 'BEGIN {
		printf "%sinstructions per full redraw (callgrind): %.2f M\n", l, f / 1e6
		printf "%sone pinyin key press (composition and candidates change): %.2f M instructions = 1/%.1f of a full redraw\n", l, k / 1e6, f / k
		printf "%sa candidate list update (next page): %.2f M instructions = 1/%.1f of a full redraw\n", l, p / 1e6, f / p
	}'
}
# redraw_figures: cg_figures of this build, then of MQ_KIOSK_BASELINE
redraw_figures() {
	command -v valgrind >/dev/null || { echo "no valgrind: no instruction counts"; return 0; }
	cg_figures "$kiosk" ""
	[ -z "${MQ_KIOSK_BASELINE:-}" ] || cg_figures "$MQ_KIOSK_BASELINE" "baseline kiosk binary: "
}

# 0. side by side with Chromium: start -> screenshot of the home screen ->
# exit, the kiosk and Chromium's headless shell alternately (so both see the
# same machine), each run's wall time and the peak summed RSS and PSS of its
# process tree (bench/treerun.py). Chromium gets a profile warmed by one run
# first, as a browser kiosk would have; so does the kiosk (its data dir).
side_by_side() {
	chromium=${MQ_CHROMIUM:-/usr/bin/chromium}
	[ -x "$chromium" ] || { echo "side by side: no $chromium (apt-get install chromium)"; return 0; }
	printf 'wait-for home.file_opinion\nscreenshot kiosk.png\n' > shot.script
	: > k.txt
	: > c.txt
	: > b.txt
	i=0
	while [ $i -le "$runs" ]; do
		k=$("$root/bench/treerun.py" "$kiosk" --config kiosk.ini --headless --script shot.script)
		if [ -n "${MQ_KIOSK_BASELINE:-}" ]; then
			b=$("$root/bench/treerun.py" "$MQ_KIOSK_BASELINE" --config kiosk.ini --headless \
				--script shot.script)
			[ $i -eq 0 ] || echo "$b" >> b.txt
		fi
		c=$("$root/bench/treerun.py" "$chromium" --headless --no-sandbox --disable-gpu \
			--hide-scrollbars --user-data-dir="$work/chromium" --window-size=1280,800 \
			--screenshot="$work/chromium.png" "file://$root/bench/home.html")
		[ $i -eq 0 ] || { echo "$k" >> k.txt; echo "$c" >> c.txt; }   # run 0 warms up
		i=$((i + 1))
	done
	[ -s kiosk.png ] && [ -s chromium.png ] || { echo "side by side: no screenshot"; exit 1; }
	for f in 1 2 3 4; do
		eval "k$f=$(cut -d' ' -f$f k.txt | median)"
		eval "c$f=$(cut -d' ' -f$f c.txt | median)"
	done
	# shellcheck disable=SC2154 # set by the eval above
	awk -v k1="$k1" -v k2="$k2" -v k3="$k3" -v c1="$c1" -v c2="$c2" -v c3="$c3" -v n="$runs" \
		-v k4="$k4" -v c4="$c4" 'BEGIN {
		printf "start -> screenshot -> exit: kiosk %d ms, chromium %d ms (%.1fx) (medians of %d, interleaved)\n", k1, c1, c1 / k1, n
		printf "CPU time of the process tree, same runs: kiosk %d ms, chromium %d ms (%.1fx)\n", k4, c4, c4 / k4
		printf "peak RSS of the process tree: kiosk %.1f MiB, chromium %.1f MiB (%.1fx)\n", k2 / 1024, c2 / 1024, c2 / k2
		printf "peak PSS of the process tree: kiosk %.1f MiB, chromium %.1f MiB (%.1fx)\n", k3 / 1024, c3 / 1024, c3 / k3
	}'
	[ -s b.txt ] || return 0
	awk -v b1="$(cut -d' ' -f1 b.txt | median)" -v b2="$(cut -d' ' -f2 b.txt | median)" \
		-v b4="$(cut -d' ' -f4 b.txt | median)" -v c1="$c1" -v c2="$c2" -v c4="$c4" 'BEGIN {
		printf "baseline kiosk binary, in the same runs: %d ms (chromium %.1fx), CPU %d ms (%.1fx), peak RSS %.1f MiB (%.1fx)\n", b1, c1 / b1, b4, c4 / b4, b2 / 1024, c2 / b2
	}'
}
[ "${MQ_BENCH_ONLY:-}" = redraw ] || side_by_side
[ "${MQ_BENCH_ONLY:-}" != chromium ] || exit 0
[ "${MQ_BENCH_ONLY:-}" != redraw ] || { redraw_figures; exit 0; }

# peak_of SCRIPT: run the kiosk on SCRIPT (its log in ./log) and print its
# peak RSS (VmHWM, kB)
peak_of() {
	"$kiosk" --config kiosk.ini --headless --script "$1" > log 2>&1 &
	pid=$!
	peak=0
	while kill -0 $pid 2>/dev/null; do
		r=$(awk '/^VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
		[ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
		sleep 0.05
	done
	wait $pid
	echo "$peak"
}

# 1. start-up to first frame (the kiosk logs it), and peak RSS on home
printf 'wait-for home.file_opinion\nwait 300\n' > home.script
i=0
: > first.txt
: > rss.txt
while [ $i -lt "$runs" ]; do
	peak_of home.script >> rss.txt
	sed -n 's/.*first frame \([0-9]*\) ms after start.*/\1/p' log >> first.txt
	i=$((i + 1))
done
echo "start-up to first frame: $(median < first.txt) ms (median of $runs)"
echo "peak RSS on the home screen: $(( $(median < rss.txt) / 1024 )) MiB (median of $runs)"

# 1b. the handwriting pad's first opening: the model is loaded then (its
# file read ahead into the page cache after the first frame), and the time
# it takes is logged; peak RSS with the pad open
cat > pad.script <<'EOF2'
wait-for home.file_opinion
tap home.file_opinion
wait-for opinion.category.traffic
tap opinion.category.traffic
wait-for opinion.text
wait 1000
tap kbd.key.handwriting
wait-for kbd.hw.pad
wait 300
EOF2
: > pad.txt
: > padrss.txt
i=0
while [ $i -lt "$runs" ]; do
	peak_of pad.script >> padrss.txt
	sed -n 's/.*handwriting model .* opened in \([0-9]*\) ms.*/\1/p' log >> pad.txt
	i=$((i + 1))
done
if [ -s pad.txt ]; then
	echo "handwriting pad, first opening: model loaded in $(median < pad.txt) ms (median of $runs)"
	echo "peak RSS with the pad open: $(( $(median < padrss.txt) / 1024 )) MiB (median of $runs)"
else
	echo "handwriting pad: no model (tegaki-zinnia-simplified-chinese not installed)"
fi

# 1c. memory over a walk through every screen: tests/kiosk/walk.sh (both
# languages, both text sizes, every resident-facing screen with screenshots)
# through a wrapper that keeps each scripted run's VmHWM (peak) and its last
# VmRSS before it exits (what stays after the walk)
cat > hwm-kiosk <<EOF2
#!/bin/sh
"$kiosk" "\$@" &
pid=\$!
peak=0
last=0
while kill -0 \$pid 2>/dev/null; do
	r=\$(awk '/^VmHWM/ {h=\$2} /^VmRSS/ {r=\$2} END {if (h) print h, r}' /proc/\$pid/status 2>/dev/null)
	[ -n "\$r" ] && { peak=\${r% *}; last=\${r#* }; }
	sleep 0.02
done
wait \$pid
rc=\$?
case "\$*" in *walk.script*) echo "\$peak \$last" >> "$work/walkrss.txt" ;; esac
exit \$rc
EOF2
chmod +x hwm-kiosk
: > walkrss.txt
sh "$root/tests/kiosk/walk.sh" "$work/hwm-kiosk" > walk.log 2>&1 || { cat walk.log; exit 1; }
echo "memory over a walk through every screen (median of $(wc -l < walkrss.txt) walks, zh/en x normal/elder):" \
	"peak RSS $(( $(cut -d' ' -f1 walkrss.txt | median) / 1024 )) MiB," \
	"RSS at the end $(( $(cut -d' ' -f2 walkrss.txt | median) / 1024 )) MiB"

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

# 3. a full redraw of the home screen: wall time, then instructions; the
# instructions of a key press and of a candidate list update
printf 'wait-for home.file_opinion\nredraw 200\n' > redraw.script
: > ms.txt
i=0
while [ $i -lt "$runs" ]; do
	"$kiosk" --config kiosk.ini --headless --script redraw.script 2>&1 |
		sed -n 's/.*(\([0-9.]*\) ms each).*/\1/p' >> ms.txt
	i=$((i + 1))
done
echo "full redraw at 1280x800 (home, software renderer): $(median < ms.txt) ms (median of $runs x 200)"
redraw_figures

# 5. the arm64 build under qemu-user (TCG), interleaved with this build:
# start-up to first frame and a full redraw, without the handwriting model
# (Debian cannot install zinnia for arm64 beside amd64; it is loaded only
# when the pad opens anyway). A relative indicator, not a board's figure.
arm=${MQ_ARM64_BUILD:-}
if [ -n "$arm" ] && [ -x "$arm/app/minqing-kiosk" ] && command -v qemu-aarch64-static >/dev/null; then
	printf 'wait-for home.file_opinion\nredraw 50\n' > arm.script
	for f in xf xr af ar; do : > $f.txt; done
	i=0
	while [ $i -lt "$runs" ]; do
		MQ_ZINNIA_MODEL=/nonexistent "$kiosk" --config kiosk.ini --headless --script arm.script > x.log 2>&1
		MQ_ZINNIA_MODEL=/nonexistent qemu-aarch64-static "$arm/app/minqing-kiosk" --config kiosk.ini \
			--headless --script arm.script > a.log 2>&1
		for a in x a; do
			sed -n 's/.*first frame \([0-9]*\) ms after start.*/\1/p' $a.log >> ${a}f.txt
			sed -n 's/.*(\([0-9.]*\) ms each).*/\1/p' $a.log >> ${a}r.txt
		done
		i=$((i + 1))
	done
	awk -v xf="$(median < xf.txt)" -v af="$(median < af.txt)" -v xr="$(median < xr.txt)" \
		-v ar="$(median < ar.txt)" -v n="$runs" 'BEGIN {
		printf "arm64 under qemu-aarch64-static: first frame %d ms (x86-64 %d ms, %.1fx), full redraw %.2f ms (x86-64 %.2f ms, %.1fx) (medians of %d, interleaved)\n", af, xf, af / xf, ar, xr, ar / xr, n
	}'
fi
