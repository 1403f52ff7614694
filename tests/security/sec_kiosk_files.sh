#!/bin/bash
# Item 8: kiosk.db was world-readable (0644) while it cached PIN hashes and
# badge codes. Now the kiosk creates its data 0600/0700 (umask 077), fixes
# what an older version left readable at start, and keeps badge codes only
# as keyed hashes (the key apart, in badge.key).
. "$(dirname "$0")/lib.sh"
mode() { stat -c %a "$1"; }
seed_and_start

step "an old install: a readable data dir and kiosk.db, fixed at the next start"
mkdir -p "$WORK/old/data"
chmod 0755 "$WORK/old/data"
(umask 022; sqlite3 "$WORK/old/data/kiosk.db" "PRAGMA journal_mode=WAL; CREATE TABLE x(y);" >/dev/null)
(umask 022; echo '{}' >"$WORK/old/data/device.json")
[ "$(mode "$WORK/old/data/kiosk.db")" = 644 ] || fail "the test did not make a readable kiosk.db"
printf '[kiosk]\ndata_dir = %s\n' "$WORK/old/data" >"$WORK/old/kiosk.ini"
"$KIOSK" status --config "$WORK/old/kiosk.ini" >/dev/null 2>&1
[ "$(mode "$WORK/old/data")" = 700 ] || fail "data dir is $(mode "$WORK/old/data")"
for f in kiosk.db device.json; do
  [ "$(mode "$WORK/old/data/$f")" = 600 ] || fail "$f is $(mode "$WORK/old/data/$f")"
done

step "a new install under a permissive umask: everything private"
(umask 000; enroll_kiosk "$WORK/new")
(umask 000; "$KIOSK" sync --once --config "$WORK/new/kiosk.ini" >/dev/null) || fail "sync"
[ "$(mode "$WORK/new/data")" = 700 ] || fail "data dir is $(mode "$WORK/new/data")"
for f in kiosk.db kiosk.reserve device.json badge.key; do
  [ -e "$WORK/new/data/$f" ] || fail "no $f"
  [ "$(mode "$WORK/new/data/$f")" = 600 ] || fail "$f is $(mode "$WORK/new/data/$f")"
done
# the WAL lives while a process has the store open (SQLite removes it on a
# clean close): a kiosk killed mid-run leaves it, and it must be private too
(umask 000; "$MQ_FILL" "$WORK/new/data" 1 wal >/dev/null)
sqlite3 "$WORK/new/data/kiosk.db" "PRAGMA wal_checkpoint" >/dev/null
(umask 000; exec 3<"$WORK/new/data/kiosk.db"; "$KIOSK" --headless --config "$WORK/new/kiosk.ini" \
   --script /dev/stdin >/dev/null 2>&1 <<SCRIPT &
wait-for home.file_opinion
wait 3000
SCRIPT
  pid=$!
  wait_until 10 test -e "$WORK/new/data/kiosk.db-wal" || { kill $pid; fail "no WAL while running"; }
  for f in kiosk.db-wal kiosk.db-shm; do
    [ "$(mode "$WORK/new/data/$f")" = 600 ] || { kill $pid; fail "$f is $(mode "$WORK/new/data/$f")"; }
  done
  wait $pid)

step "badge codes are nowhere on the kiosk, only their keyed hashes"
codes=$(server_db "SELECT badge_code FROM members WHERE studio = 'hubin' AND badge_code IS NOT NULL")
[ -n "$codes" ] || fail "the demo has no badge codes (test is blind)"
for c in $codes; do
  grep -rqa "$c" "$WORK/new/data" && fail "badge code $c is stored on the kiosk"
done
sqlite3 "$WORK/new/data/kiosk.db" "SELECT value FROM settings WHERE key = 'state'" | grep -q '"badge_hash":"[0-9a-f]\{64\}"' ||
  fail "no badge hashes in the cached state"
sqlite3 "$WORK/new/data/kiosk.db" "SELECT value FROM settings WHERE key = 'state'" | grep -q 'badge_key' &&
  fail "the badge key is cached beside the hashes"
python3 - "$WORK/new/data" "$(echo "$codes" | head -1)" <<'PY' || fail "the hashes do not match the codes"
import base64, hashlib, hmac, json, sqlite3, sys
d, code = sys.argv[1:]
key = base64.b64decode(open(f"{d}/badge.key").read())
state = json.loads(sqlite3.connect(f"{d}/kiosk.db").execute(
    "SELECT value FROM settings WHERE key = 'state'").fetchone()[0])
want = hmac.new(key, code.upper().encode(), hashlib.sha256).hexdigest()
sys.exit(0 if any(m.get("badge_hash") == want for m in state["members"]) else 1)
PY
echo "sec_kiosk_files: ok"
