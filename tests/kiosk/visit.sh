#!/bin/sh
# visit.sh KIOSK [OUT] — booking a visit and member check-in at the kiosk,
# headless, against stores seeded with seed_state.py "visits":
#   1 book.script: a booking made offline; the receipt says 待确认, its QR
#     decodes (zbarimg) to the /b/ URL; the record is queued in kiosk.db;
#     the slot's place is taken off before the server knows; idle wipes drafts;
#   2 book_full.script must fail: a full slot takes no tap;
#   3 checkin.script: unknown badge refused, badge check-in from home, marks
#     and checkout, 5 wrong PINs lock, clock +301 opens; kiosk.db holds
#     exactly the checkin/checkout records with the marks;
#   4 visit_walk.script.in: every new screen in zh/en x normal/elder, each
#     dump through check_dump.py, the receipt's QR read in every mode.
# OUT keeps OUT/{zh,en}-{normal,elder}/*.png|json of the walk.
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${2:-$work/out}
fail() { echo "visit.sh: $*" >&2; exit 1; }
. "$here/lib.sh"
run() { kiosk_run "$kiosk" "$@"; }

# 1 booking offline
b=$work/book
kiosk_setup "$kiosk" "$b" "" visits
run "$b" "$here/book.script" || { tail -20 "$b/log" >&2; fail "book.script failed"; }
python3 - "$b" <<'PY' || fail "book: dump checks"
import json, re, sys
d = sys.argv[1]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("visit.sh book: " + what, file=sys.stderr); ok = False
w = lambda name: {x["id"]: x for x in json.load(open(f"{d}/{name}.json"))["widgets"]}
s = w("book_slots")
check(s["book.slot.hubin-v-1"]["role"] == "button" and "还可约2位" in s["book.slot.hubin-v-1"]["text"], "v-1 not a free slot")
check(s["book.slot.hubin-v-2"]["role"] == "text" and "已约满" in s["book.slot.hubin-v-2"]["text"], "full v-2 is tappable or not said full")
check(s["book.slot.hubin-v-4"]["role"] == "button" and "还可约1位" in s["book.slot.hubin-v-4"]["text"], "v-4 before booking")
check(not any(k.startswith("book.slot.hubin-s1") for k in s), "a begun slot is offered")
check("王建国" in s["book.shift.0"]["text"], "no member card")
a = w("book_after")
check(a["book.slot.hubin-v-4"]["role"] == "text" and "已约满" in a["book.slot.hubin-v-4"]["text"],
      "the place booked here was not taken off the slot: " + a["book.slot.hubin-v-4"]["text"])
c = w("booked")
check(re.fullmatch(r"https://minqing\.example\.gov\.cn/b/[A-Za-z0-9_-]{22}", c["confirm.qr"]["text"]) is not None, "QR " + c["confirm.qr"]["text"])
check(c["confirm.qr"]["role"] == "qr", "confirm.qr role")
check(re.fullmatch(r"[0-9]{8}", c["confirm.code"]["text"]) is not None, "code " + c["confirm.code"]["text"])
check("待确认" in c["confirm.status"]["text"], "status " + c["confirm.status"]["text"])
open(f"{d}/qr.txt", "w").write(c["confirm.qr"]["text"])
open(f"{d}/code.txt", "w").write(c["confirm.code"]["text"])
sys.exit(0 if ok else 1)
PY
got=$(zbarimg -q --raw "$b/booked.png" 2>/dev/null || true)
[ "$got" = "$(cat "$b/qr.txt")" ] || fail "booked.png: QR reads \"$got\", expected $(cat "$b/qr.txt")"
db=$b/data/kiosk.db
[ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE kind='booking' AND state='queued'")" = 1 ] ||
	fail "not exactly one queued booking: $(sqlite3 "$db" "SELECT kind, state FROM outbox")"
row=$(sqlite3 "$db" "SELECT json_extract(data,'\$.slot')||'|'||json_extract(data,'\$.name')||'|'||json_extract(data,'\$.phone')||'|'||json_extract(data,'\$.topic')||'|'||json_extract(data,'\$.token') FROM outbox WHERE kind='booking'")
[ "$row" = "hubin-v-4|王阿姨|13912345678|楼梯|${got##*/b/}" ] || fail "queued booking: $row"
[ "$(sqlite3 "$db" "SELECT status||' '||short_code FROM bookings")" = "pending $(cat "$b/code.txt")" ] ||
	fail "local booking: $(sqlite3 "$db" "SELECT status, short_code FROM bookings")"
[ "$(sqlite3 "$db" "SELECT name_masked FROM bookings")" = "王**" ] ||
	fail "the duty member's list does not hold the masked booking"
# the phone may be in the queued record only: nowhere else in the file
[ "$(sqlite3 "$db" "SELECT (SELECT count(*) FROM bookings WHERE name_masked||slot||coalesce(topic,'') LIKE '%13912345678%')
  + (SELECT count(*) FROM settings WHERE value LIKE '%13912345678%')")" = 0 ] ||
	fail "the phone number is kept outside the outbox"

# 1b cancel it at the kiosk: the code and the phone's last 4 digits
keys() { echo "$1" | sed 's/./tap cancel.key.&\n/g' | sed '/^$/d'; }
keys "$(cat "$b/code.txt")" >"$b/code.keys"
{ keys 1234; echo "tap cancel.submit"; } >"$b/wrong.keys"
keys 5678 >"$b/right.keys"
sed -e "/@CODE@/{r $b/code.keys" -e "d}" -e "/@WRONG@/{r $b/wrong.keys" -e "d}" \
    -e "/@RIGHT@/{r $b/right.keys" -e "d}" "$here/cancel.script.in" >"$b/cancel.script"
run "$b" "$b/cancel.script" || { tail -20 "$b/log" >&2; fail "cancel.script failed"; }
python3 - "$b" <<'PY' || fail "cancel: dump checks"
import json, sys
d = sys.argv[1]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print("visit.sh cancel: " + what, file=sys.stderr); ok = False
w = lambda name: {x["id"]: x for x in json.load(open(f"{d}/{name}.json"))["widgets"]}
check("已约满" in w("cancel_slots_before")["book.slot.hubin-v-4"]["text"], "v-4 was not full after booking")
check("还可约1位" in w("cancel_slots_after")["book.slot.hubin-v-4"]["text"],
      "the cancelled place is not back on v-4: " + w("cancel_slots_after")["book.slot.hubin-v-4"]["text"])
r = w("cancel_ready")
check(r["cancel.phone"]["text"] == "••••", "the phone digits show: " + r["cancel.phone"]["text"])
check(r["cancel.code"]["text"] == open(f"{d}/code.txt").read(), "the code field: " + r["cancel.code"]["text"])
check(w("cancel_locked")["cancel.phone"]["text"] == "已锁定", "not locked after 5 misses")
check("王建国" in w("cancel_done")["cancel.when"]["text"], "the done page does not say with whom")
sys.exit(0 if ok else 1)
PY
[ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE kind='booking_cancel' AND json_extract(data,'\$.booking') = (SELECT id FROM bookings WHERE short_code = '$(cat "$b/code.txt")')")" = 1 ] ||
	fail "not exactly one booking_cancel record for the booking: $(sqlite3 "$db" "SELECT kind, data FROM outbox")"
[ "$(sqlite3 "$db" "SELECT status||' '||length(phone_tail_mac) FROM bookings WHERE short_code = '$(cat "$b/code.txt")'")" = "cancelled 64" ] ||
	fail "local booking after cancel: $(sqlite3 "$db" "SELECT status, phone_tail_mac FROM bookings")"
grep -q 'cancel: 5 misses in a row: locked' "$b/log" || fail "the lock is not logged"

# 2 a full slot takes no tap
if run "$b" "$here/book_full.script"; then fail "book_full.script passed: a full slot took a tap"; fi
grep -q "book.slot.hubin-v-2 cannot be tapped" "$b/log" || { tail -5 "$b/log" >&2; fail "book_full.script failed for another reason"; }

# 3 check-in and out
c=$work/checkin
kiosk_setup "$kiosk" "$c" "" visits
run "$c" "$here/checkin.script" || { tail -20 "$c/log" >&2; fail "checkin.script failed"; }
got=$(sqlite3 "$c/data/kiosk.db" "SELECT kind||' '||json_extract(data,'\$.member')||' '||json_extract(data,'\$.method')||' '||coalesce(json_extract(data,'\$.bookings'),'-') FROM outbox WHERE kind IN ('checkin','checkout') ORDER BY rowid" | tr '\n' ';')
want='checkin hubin-02 badge -;checkout hubin-02 badge [{"booking":"b1000000-0000-4000-8000-000000000001","status":"attended"},{"booking":"b1000000-0000-4000-8000-000000000002","status":"no_show"}];checkin hubin-01 pin -;'
[ "$got" = "$want" ] || fail "attendance records:
  got  $got
  want $want"

# 4 every new screen in both languages and text sizes
for lang in zh en; do
	for mode in normal elder; do
		run_dir=$work/$lang-$mode
		dir=$out/$lang-$mode
		mkdir -p "$run_dir" "$dir"
		kiosk_setup "$kiosk" "$run_dir" "" visits
		if [ $lang = zh ]; then
			set -- "# Chinese" 已约满 待确认 已锁定5分钟 不是本工作室委员的工作证 签到成功 已签退 \
				还可以再试
		else
			set -- "tap ui.lang" Full "waiting for confirmation" "locked for 5 minutes" \
				"not the badge of a member" "checked in" "checked out" "more tries"
		fi
		elder="# normal"
		[ $mode = elder ] && elder="tap ui.elder_mode"
		sed -e "s|@LANG@|$1|" -e "s|@ELDER@|$elder|" -e "s|@T_FULL@|$2|" -e "s|@T_PENDING@|$3|" \
		    -e "s|@T_LOCKED@|$4|" -e "s|@T_NOT_BADGE@|$5|" -e "s|@T_IN@|$6|" -e "s|@T_OUT@|$7|" \
		    -e "s|@T_CANCEL_MISS@|$8|" \
		    -e "s|@O@|$dir|g" "$here/visit_walk.script.in" >"$run_dir/walk.script"
		redraw_checks "$run_dir/walk.script"
		run "$run_dir" "$run_dir/walk.script" || { tail -20 "$run_dir/log" >&2; fail "$lang $mode: walk failed"; }
		python3 - "$dir" "$lang" "$mode" <<'PY' || fail "$lang $mode: dump checks"
import json, sys
d, lang, mode = sys.argv[1:]
ok = True
for name in ("book_slots", "book_name", "book_phone", "book_topic", "book_review", "book_confirm",
             "checkin_start", "checkin_wrong", "checkin_locked", "checkin_badge", "checkin_member",
             "checkin_done", "cancel_start", "cancel_wrong"):
    j = json.load(open(f"{d}/{name}.json"))
    if j["elder_mode"] != (mode == "elder") or j["lang"] != ("en" if lang == "en" else "zh_CN"):
        print(f"{name}: elder_mode/lang wrong", file=sys.stderr); ok = False
    if j["screen"] not in ("book", "checkin", "confirm", "cancel"):
        print(f"{name}: screen {j['screen']}", file=sys.stderr); ok = False
    # the PIN never shows: only dots, or the lock
    for x in j["widgets"]:
        if x["id"] == "checkin.pin" and any(ch.isdigit() for ch in x["text"]):
            print(f"{name}: the PIN field shows digits: {x['text']}", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
		zbarimg -q --raw "$dir/book_confirm.png" | grep -q '^https://minqing.example.gov.cn/b/' ||
			fail "$lang $mode: the booking QR does not read"
	done
done
python3 "$here/check_dump.py" "$out"/*/*.json
echo "visit.sh: booking, check-in and every new screen (zh/en x normal/elder) passed"
