#!/bin/sh
# print.sh KIOSK [OUT] — paper receipts end to end, headless:
#   1 printer = a file: an opinion's slip; the ESC/POS job decoded back to a
#     picture (escpos_png.py) and its QR read by zbarimg is the tracking URL
#     the screen shows;
#   2 a booking's slip on 80 mm paper: 576 dots wide, its QR the /b/ URL;
#   3 printer = cups:QUEUE: the same job through a stand-in lp on PATH;
#   4 printer = /dev/full (what usblp answers without paper) and a device
#     that is not there: a plain message on the confirmation, the opinion
#     still queued, the resident goes home as always.
# OUT keeps the slips' pictures (scripts/screens.sh copies them to docs/screens).
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${2:-$work/out}
mkdir -p "$out"
fail() { echo "print.sh: $*" >&2; exit 1; }
. "$here/../kiosk/lib.sh"
export MQ_KIOSK_TESTS="$here/../kiosk"
run() {   # run DIR SCRIPT EXPECT
	sed "s|@EXPECT@|$3|" "$2" >"$1/run.script"
	( cd "$1" && "$kiosk" --config "$1/kiosk.ini" --headless --script "$1/run.script" ) \
		>"$1/log" 2>&1 || { tail -20 "$1/log" >&2; fail "$(basename "$2") failed in $1"; }
}
qr_of() {   # qr_of DUMP — the confirmation QR's text
	python3 -c 'import json,sys; print([w["text"] for w in json.load(open(sys.argv[1]))["widgets"] if w["id"] == "confirm.qr"][0])' "$1"
}
slip() {   # slip JOB PNG WIDTH — decode, check the width, read the QR
	dots=$(python3 "$here/escpos_png.py" "$1" "$2") || fail "$1 is not a clean ESC/POS job"
	case $dots in "$3"x*) ;; *) fail "$1: $dots, expected $3 dots wide" ;; esac
	zbarimg -q --raw "$2" 2>/dev/null || true
}

# 1 a file
a=$work/file
kiosk_setup "$kiosk" "$a" "printer = $work/file/slip.bin"
run "$a" "$here/opinion.script" 回执已打印
got=$(slip "$a/slip.bin" "$out/receipt-opinion-58mm.png" 384)
want=$(qr_of "$a/printed.json")
case $want in https://minqing.example.gov.cn/t/*) ;; *) fail "confirm.qr is $want" ;; esac
[ "$got" = "$want" ] || fail "the opinion slip's QR reads \"$got\", the screen's is $want"

# 2 a booking on 80 mm paper
b=$work/booking
kiosk_setup "$kiosk" "$b" "printer = $work/booking/slip.bin
printer_paper = 80" visits
run "$b" "$here/booking.script" -
got=$(slip "$b/slip.bin" "$out/receipt-booking-80mm.png" 576)
want=$(qr_of "$b/printed.json")
case $want in https://minqing.example.gov.cn/b/*) ;; *) fail "booking confirm.qr is $want" ;; esac
[ "$got" = "$want" ] || fail "the booking slip's QR reads \"$got\", the screen's is $want"

# 3 a CUPS queue through lp
c=$work/cups
mkdir -p "$c/bin"
printf '#!/bin/sh\n[ "$3" = studio ] || { echo "lp: The printer or class does not exist." >&2; exit 1; }\necho "$*" >"%s/lp.args"\ncat >"%s/slip.bin"\n' "$c" "$c" >"$c/bin/lp"
chmod +x "$c/bin/lp"
kiosk_setup "$kiosk" "$c" "printer = cups:studio"
PATH="$c/bin:$PATH" run "$c" "$here/opinion.script" 回执已打印
[ "$(cat "$c/lp.args")" = "-s -d studio -o raw -t minqing" ] || fail "lp got $(cat "$c/lp.args")"
got=$(slip "$c/slip.bin" "$c/slip.png" 384)
[ "$got" = "$(qr_of "$c/printed.json")" ] || fail "the slip through lp reads \"$got\""
kiosk_setup "$kiosk" "$c/none" "printer = cups:nosuchqueue"
PATH="$c/bin:$PATH" run "$c/none" "$here/opinion.script" 打印机没有连上

# 4 no paper, no printer: said plainly, nothing else changes
for case in "/dev/full|打印机没纸了" "/dev/usb/lp-unplugged|打印机没有连上"; do
	d=$work/fault-$(echo "${case%%|*}" | tr / _)
	kiosk_setup "$kiosk" "$d" "printer = ${case%%|*}"
	run "$d" "$here/opinion.script" "${case#*|}"
	depth=$("$kiosk" status --config "$d/kiosk.ini" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["queue_depth"])')
	[ "$depth" = 1 ] || fail "${case%%|*}: queue_depth $depth, expected the opinion queued"
	python3 -c 'import json,sys; w={x["id"]:x for x in json.load(open(sys.argv[1]))["widgets"]}; sys.exit(0 if len(w["confirm.code"]["text"]) == 8 and w["confirm.print.message"]["visible"] else 1)' \
		"$d/printed.json" || fail "${case%%|*}: the code or the message is not on screen"
done
cp "$a/printed.png" "$out/confirm-printed.png"
cp "$work/fault-_dev_full/printed.png" "$out/confirm-no-paper.png"
echo "print.sh: receipts to a file, 80 mm, CUPS, no paper and no printer passed"
