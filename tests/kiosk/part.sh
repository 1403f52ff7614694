#!/bin/sh
# part.sh KIOSK [OUT] — 大家来选议题 and 问卷调查 at the kiosk, headless,
# against stores seeded with seed_state.py "participation" (three open
# candidate topics, one open questionnaire): part_walk.script.in in zh/en x
# normal/elder, each dump through check_dump.py; then kiosk.db must hold
# exactly one topic_support for topic 7 (backed, tapped again, seen again
# after 首页) and one survey_response with the answers given. Then a new
# visit (a touch after the idle time) may back topic 7 again, and a kiosk
# offline past topic 7's closing day no longer offers it.
# OUT keeps OUT/{zh,en}-{normal,elder}/*.png|json of the walk.
set -eu
kiosk=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${2:-$work/out}
fail() { echo "part.sh: $*" >&2; exit 1; }
. "$here/lib.sh"
run() { kiosk_run "$kiosk" "$@"; }

for lang in zh en; do
	for mode in normal elder; do
		run_dir=$work/$lang-$mode
		dir=$out/$lang-$mode
		mkdir -p "$run_dir" "$dir"
		kiosk_setup "$kiosk" "$run_dir" "" participation
		if [ $lang = zh ]; then
			set -- "# Chinese" 大家来选议题 谢谢您的支持 已经支持过 已支持 请选一项
		else
			set -- "tap ui.lang" "Choose the topics" "Thank you for your support" \
				"supported this topic already" "Supported" "Please choose one"
		fi
		elder="# normal"
		[ $mode = elder ] && elder="tap ui.elder_mode"
		sed -e "s|@LANG@|$1|" -e "s|@ELDER@|$elder|" -e "s|@T_TOPICS@|$2|" \
		    -e "s|@T_THANKS@|$3|" -e "s|@T_ALREADY@|$4|" -e "s|@T_BACKED@|$5|" \
		    -e "s|@T_CHOOSE@|$6|" -e "s|@O@|$dir|g" "$here/part_walk.script.in" >"$run_dir/walk.script"
		redraw_checks "$run_dir/walk.script"
		run "$run_dir" "$run_dir/walk.script" || { tail -20 "$run_dir/log" >&2; fail "$lang $mode: walk failed"; }
		db=$run_dir/data/kiosk.db
		got=$(sqlite3 "$db" "SELECT kind || ' ' || data FROM outbox WHERE kind IN ('topic_support', 'survey_response') ORDER BY rowid" | tr '\n' ';')
		want='topic_support {"candidate":7};survey_response {"survey":3,"answers":[{"q":1,"options":[2]},{"q":2,"options":[1,3]},{"q":3,"text":"楼梯"}]};'
		[ "$got" = "$want" ] || fail "$lang $mode: queued records:
  got  $got
  want $want"
		python3 - "$dir" "$lang" "$mode" <<'PY' || fail "$lang $mode: dump checks"
import json, sys
d, lang, mode = sys.argv[1:]
ok = True
def check(cond, what):
    global ok
    if not cond:
        print(f"part.sh {lang} {mode}: {what}", file=sys.stderr); ok = False
for name in ("home", "topics", "topics_backed", "survey_q1", "survey_choose", "survey_q2",
             "survey_q3", "survey_done"):
    j = json.load(open(f"{d}/{name}.json"))
    check(j["elder_mode"] == (mode == "elder") and j["lang"] == ("en" if lang == "en" else "zh_CN"),
          f"{name}: elder_mode/lang wrong")
w = lambda name: {x["id"]: x for x in json.load(open(f"{d}/{name}.json"))["widgets"]}
t = w("topics")
check(all(f"topics.back.{i}" in t for i in (7, 8, 9)), "not every candidate has its button")
check(("12" in t["topics.detail.7"]["text"]), "topic 7 does not show its 12 backings")
check(("13" in w("topics_backed")["topics.detail.7"]["text"]), "topic 7 does not count the backing")
q2 = w("survey_q2")
check("✓" in q2["survey.q.2.1"]["text"] and "✓" in q2["survey.q.2.3"]["text"] and
      "✓" not in q2["survey.q.2.2"]["text"], "multiple choice marks")
check(w("survey_q1")["survey.q.1.1"]["role"] == "button", "an option is not a button")
check(w("survey_q3")["survey.q.3.text"]["role"] == "input", "the text answer is not an input")
sys.exit(0 if ok else 1)
PY
	done
done
python3 "$here/check_dump.py" "$out"/*/*.json

# a new visit: a touch after the idle time may back topic 7 again
v=$work/visit
kiosk_setup "$kiosk" "$v" "" participation
cat >"$v/visit.script" <<'SCRIPT'
wait-for home.topics
tap home.topics
wait-for topics.back.7
tap topics.back.7
tap topics.back.7
tap ui.home
wait-for home.topics
clock +120
tap home.topics
wait-for topics.back.7
tap topics.back.7
expect-text 谢谢您的支持
SCRIPT
run "$v" "$v/visit.script" || { tail -20 "$v/log" >&2; fail "visit.script failed"; }
n=$(sqlite3 "$v/data/kiosk.db" "SELECT count(*) FROM outbox WHERE kind = 'topic_support'")
[ "$n" = 2 ] || fail "two visits queued $n backings of topic 7, expected 2"

# offline for 12 days: topic 7 closed on day 11 and is no longer offered
c=$work/closed
kiosk_setup "$kiosk" "$c" "" participation
cat >"$c/closed.script" <<'SCRIPT'
wait-for home.topics
clock +1036800
tap home.topics
wait-for topics.back.8
expect-no-text 老旧小区加装电梯
expect-text 菜场周边停车难
SCRIPT
run "$c" "$c/closed.script" || { tail -20 "$c/log" >&2; fail "closed.script failed"; }
echo "part.sh: topics and questionnaire (zh/en x normal/elder), once per visit, passed"
