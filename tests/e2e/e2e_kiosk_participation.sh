#!/bin/bash
# 议题遴选 and 问卷调查 end to end through the kiosk's screens, in elder
# mode, against a real server: a street group's candidate topic and a
# questionnaire imported with `survey-import` reach the kiosk in the state
# pull; a resident backs the topic, taps it again and comes back through
# 首页 to back it once more (one record, counted once), answers the
# questionnaire (a single choice, two of a multiple choice, a few words by
# pinyin); after `sync --once` the server counts one backing and one
# response, and `report survey` prints exactly the answers as CSV. A bad
# survey file is refused with its reason, nothing stored.
. "$(dirname "$0")/common.sh"
setup_enrolled_kiosk

step "a candidate topic of hubin, open for a long while"
server_db "INSERT INTO candidates (studio, title, description, closes, created_by, created_at)
           VALUES ('hubin', '楼道堆物清理', '消防通道被杂物堵住，请大家一起出主意', '2099-12-31', 'e2e', 0)" \
  || fail "cannot insert the candidate"
cand=$(server_db "SELECT id FROM candidates WHERE title = '楼道堆物清理'")
[ -n "$cand" ] || fail "no candidate id"

step "survey-import: a bad file is refused, a good one prints its id last"
today=$(TZ=Asia/Shanghai date +%Y-%m-%d)
printf '{"studio":"hubin","title":"x","starts":"%s","ends":"%s","questions":[{"text":"q","kind":"single","options":["only"]}]}' \
  "$today" "$today" >"$WORK/bad.json"
if "$SERVER" survey-import "$WORK/bad.json" --db "$DB_URL" >"$WORK/bad.out" 2>&1; then
  fail "a choice question with one option was imported"
fi
grep -q '第1题是选择题，应有2到8个选项' "$WORK/bad.out" || fail "bad file: $(cat "$WORK/bad.out")"
[ "$(server_db "SELECT count(*) FROM surveys WHERE title = 'x'")" = 0 ] || fail "the bad survey was stored"
cat >"$WORK/survey.json" <<JSON
{"street": "hubin", "title": "社区食堂意见调查", "starts": "$today", "ends": "$today",
 "questions": [
  {"text": "您多久去一次社区食堂？", "kind": "single", "options": ["每天", "每周几次", "很少去"]},
  {"text": "您希望增加哪些服务？", "kind": "multiple", "options": ["送餐上门", "早餐", "老年人优惠餐"]},
  {"text": "还有什么建议？", "kind": "text"}]}
JSON
"$SERVER" survey-import "$WORK/survey.json" --db "$DB_URL" >"$WORK/import.out" 2>"$WORK/import.err" \
  || fail "survey-import: $(cat "$WORK/import.err")"
sid=$(tail -1 "$WORK/import.out")
[[ "$sid" =~ ^[0-9]+$ ]] || fail "survey-import's last line is not an id: $(cat "$WORK/import.out")"

step "the state pull carries both"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "state pull failed"
kiosk_db "SELECT value FROM settings WHERE key = 'state'" | /usr/bin/python3 -c '
import json, sys
st = json.load(sys.stdin)
c = st["candidates"]
s = [x for x in st["surveys"] if x["id"] == int(sys.argv[1])]
assert "楼道堆物清理" in [x["title"] for x in c], c
assert len(s) == 1 and len(s[0]["questions"]) == 3, st["surveys"]
assert s[0]["questions"][1] == {"text": "您希望增加哪些服务？", "kind": "multiple",
                                "options": ["送餐上门", "早餐", "老年人优惠餐"]}, s' "$sid" \
  || fail "the kiosk's state lacks the candidate or the survey"

step "in elder mode: back the topic (twice, and again after 首页), answer the questionnaire"
cat >"$WORK/part.script" <<SCRIPT
wait-for home.topics
tap ui.elder_mode
tap home.topics
wait-for topics.back.$cand
tap topics.back.$cand
wait-for-text 5000 谢谢您的支持
tap topics.back.$cand
wait-for-text 5000 已经支持过
tap ui.home
wait-for home.topics
tap home.topics
wait-for topics.back.$cand
tap topics.back.$cand
tap ui.home
wait-for home.survey
tap home.survey
wait-for survey.open.$sid
tap survey.open.$sid
wait-for survey.q.1.1
tap survey.q.1.2
tap survey.next
wait-for survey.q.2.1
tap survey.q.2.1
tap survey.q.2.3
tap survey.next
wait-for survey.q.3.text
py louti 1
tap survey.submit
wait-for survey.thanks
screenshot $WORK/done.png
dump $WORK/done.json
SCRIPT
"$KIOSK" --headless --config "$OFFLINE_CFG" --script "$WORK/part.script" >"$WORK/part.log" 2>&1 \
  || { tail -20 "$WORK/part.log" >&2; fail "the participation script failed"; }
/usr/bin/python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["elder_mode"]' "$WORK/done.json" \
  || fail "not in elder mode"
[ "$(kiosk_db "SELECT count(*) FROM outbox WHERE kind = 'topic_support'")" = 1 ] \
  || fail "backings queued: $(kiosk_db "SELECT data FROM outbox WHERE kind = 'topic_support'")"

step "sync --once: the server counts one backing and one response"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/sync.json" || fail "sync --once: $(cat "$WORK/sync.json")"
grep -q '"acknowledged":2' "$WORK/sync.json" || fail "expected 2 records acknowledged: $(cat "$WORK/sync.json")"
[ "$(server_db "SELECT count(*) FROM candidate_supports WHERE candidate = $cand AND channel = 'kiosk'")" = 1 ] \
  || fail "the server does not count exactly one kiosk backing"
[ "$(server_db "SELECT count(*) FROM survey_responses WHERE survey = $sid AND channel = 'kiosk'")" = 1 ] \
  || fail "the server does not hold exactly one kiosk response"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "state pull after the records"
kiosk_db "SELECT value FROM settings WHERE key = 'state'" | /usr/bin/python3 -c '
import json, sys
c = [x for x in json.load(sys.stdin)["candidates"] if x["id"] == int(sys.argv[1])]
assert c[0]["supports"] == 1, c' "$cand" || fail "the next pull does not count the backing"

step "report survey: the CSV of the answers"
"$SERVER" report survey --id "$sid" --db "$DB_URL" >"$WORK/report.csv" 2>"$WORK/report.err" \
  || fail "report survey: $(cat "$WORK/report.err")"
cat >"$WORK/want.csv" <<CSV
question,option,count
您多久去一次社区食堂？,每天,0
您多久去一次社区食堂？,每周几次,1
您多久去一次社区食堂？,很少去,0
您希望增加哪些服务？,送餐上门,1
您希望增加哪些服务？,早餐,0
您希望增加哪些服务？,老年人优惠餐,1
还有什么建议？,,1
responses,,1
CSV
diff "$WORK/want.csv" "$WORK/report.csv" || fail "the survey CSV differs"
[ "$(server_db "SELECT text FROM survey_answers WHERE text IS NOT NULL")" = 楼梯 ] \
  || fail "the free text did not arrive"
echo "e2e_kiosk_participation: ok"
