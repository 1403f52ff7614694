#!/bin/bash
# Item 2: the short code alone opened a record at the kiosk (the track screen
# showed the QR with the bearer token; 300 wrong codes then the right one in
# 2 s). Now a code lookup shows the progress only (stage, dates, public
# note), never the token or its QR; 5 misses lock it for 1, 2, 4 ...
# minutes, across the idle wipe; and the state pull carries no other
# resident's token at all.
. "$(dirname "$0")/lib.sh"
seed_and_start
enroll_kiosk "$WORK/a"
enroll_kiosk "$WORK/b"

step "kiosk A files two opinions, kiosk B one; both sync with the real server"
"$MQ_FILL" "$WORK/a/data" 2 A >/dev/null || fail "mq-fill A"
"$MQ_FILL" "$WORK/b/data" 1 B >/dev/null || fail "mq-fill B"
"$KIOSK" sync --once --config "$WORK/a/kiosk.ini" >/dev/null || fail "sync A"
"$KIOSK" sync --once --config "$WORK/b/kiosk.ini" >/dev/null || fail "sync B"
"$KIOSK" sync --once --config "$WORK/a/kiosk.ini" >/dev/null || fail "sync A again"
[ "$(server_db "SELECT count(*) FROM opinions")" = 3 ] || fail "the opinions did not arrive"

step "the state pull carries no resident's token: B's token is nowhere on kiosk A"
tok_b=$(sqlite3 "$WORK/b/data/kiosk.db" "SELECT token FROM opinions")
id_b=$(sqlite3 "$WORK/b/data/kiosk.db" "SELECT id FROM opinions")
sqlite3 "$WORK/a/data/kiosk.db" .dump >"$WORK/a.dump"
grep -q "$id_b" "$WORK/a.dump" || fail "kiosk A never saw B's opinion in the state (test is blind)"
grep -q "$tok_b" "$WORK/a.dump" && fail "kiosk A holds B's token"
sqlite3 "$WORK/a/data/kiosk.db" "SELECT value FROM settings WHERE key = 'state'" | grep -q '"token"' &&
  fail "the cached state has tokens"

step "a staff note on A's first opinion reaches kiosk A by record id"
id_a=$(sqlite3 "$WORK/a/data/kiosk.db" "SELECT id FROM opinions ORDER BY rowid LIMIT 1")
code=$(sqlite3 "$WORK/a/data/kiosk.db" "SELECT short_code FROM opinions WHERE id = '$id_a'")
tok_a=$(sqlite3 "$WORK/a/data/kiosk.db" "SELECT token FROM opinions WHERE id = '$id_a'")
server_db "INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role, public_note)
           VALUES ('opinion', '$id_a', 'triaged', $(date +%s), 'street', '已转交城管部门')"
"$KIOSK" sync --once --config "$WORK/a/kiosk.ini" >/dev/null || fail "sync A for the stage"

step "300 wrong codes, then the right one: locked; progress only, once open"
misses=$(printf 'hid %d%d%d%d%d%d%d%d\\n\n' 1 1 1 1 1 1 1 1 2 2 2 2 2 2 2 2 3 3 3 3 3 3 3 3 \
  4 4 4 4 4 4 4 4 5 5 5 5 5 5 5 5)   # five codes no kiosk has
wrong=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "hid %08d\\n\n", 10000000 + i * 7919 }')
cat >"$WORK/track.script" <<SCRIPT
wait-for home.track
tap home.track
wait-for track.code
$wrong
hid $code\n
expect-text 查询已暂停
expect-no-text 分析研判 — 进行中
dump $WORK/locked.json
screenshot $WORK/locked.png
clock +61
hid $code\n
wait-for track.stage.triaged
expect-text 已转交城管部门
expect-no-text 查询已暂停
dump $WORK/progress.json
screenshot $WORK/progress.png
$misses
expect-text 查询已暂停
clock +61
hid $code\n
expect-text 查询已暂停
clock +61
hid $code\n
wait-for track.stage.triaged
$misses
expect-text 查询已暂停
clock +91
wait-for ui.idle.continue
clock +20
wait-for home.track
tap home.track
wait-for track.code
hid $code\n
expect-text 查询已暂停
hid https://example.invalid/t/$tok_a\n
wait-for track.qr
dump $WORK/by_token.json
SCRIPT
"$KIOSK" --headless --config "$WORK/a/kiosk.ini" --script "$WORK/track.script" \
  >"$WORK/track.log" 2>&1 || { tail -20 "$WORK/track.log" >&2; fail "the track script"; }
python3 - "$WORK" "$tok_a" <<'PY' || fail "the dumps"
import json, sys
work, token = sys.argv[1:]
for name in ("locked", "progress"):
    d = json.load(open(f"{work}/{name}.json"))
    text = json.dumps(d, ensure_ascii=False)
    if token in text or any(w["role"] == "qr" for w in d["widgets"]):
        sys.exit(f"{name}: the token or a QR is on the screen after a code lookup")
locked = {w["id"] for w in json.load(open(f"{work}/locked.json"))["widgets"]}
if any(i.startswith("track.stage.") for i in locked):
    sys.exit("locked: the progress is shown anyway")
p = {w["id"]: w for w in json.load(open(f"{work}/progress.json"))["widgets"]}
if "track.stage_at" not in p or "track.note" not in p:
    sys.exit("progress: no date or public note")
t = json.load(open(f"{work}/by_token.json"))
if not any(w["role"] == "qr" for w in t["widgets"]):
    sys.exit("the receipt's own QR does not bring the QR back")
PY
grep -q "lookup locked" "$WORK/track.log" || fail "no log line for the lock"
echo "sec_track_code: ok"
