#!/bin/bash
# restore_drill.sh — the SQLite default's backup, drilled: a server under a
# write load (8 simulated kiosks sending batches), a backup taken with
# `minqing-server backup` while it serves, the load going on; then the
# backup restored as a new server's database: integrity_check passes, every
# record acknowledged before the backup began is there, and the restored
# server answers. Then firmware/minqing-backup keeps the newest N daily copies.
# Usage: restore_drill.sh MINQING-SERVER MQ-POST-RECORDS
set -u
SERVER=$1
TOOL=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/lib.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mq-drill-XXXXXX")
LOAD=
cleanup() {
  [ -n "$LOAD" ] && { kill "$LOAD" 2>/dev/null; wait "$LOAD" 2>/dev/null; }
  stop_server
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { echo "--- $*"; }
fail() { echo "FAIL: $*" >&2; tail -5 "$WORK/server.log" >&2 2>/dev/null; exit 1; }
acks() { grep -c '^ack ' "$WORK/acks"; }
acked_at_least() { [ "$(acks)" -ge "$1" ]; }

step "a seeded district serving 8 kiosks"
"$SERVER" seed-demo --db "sqlite:$WORK/server.db" 2>/dev/null || fail "seed-demo"
start_server "$SERVER" "$WORK/server.db" "$WORK/server.log" || fail "server did not start"
for i in 1 2 3 4 5 6 7 8; do
  code=$("$SERVER" kiosk-code --studio hubin --db "sqlite:$WORK/server.db" 2>/dev/null) || fail "kiosk-code"
  "$TOOL" enroll "$SERVER_URL" "$code" "$WORK/k$i.json" >/dev/null || fail "enroll"
done

step "a backup while the kiosks write"
"$TOOL" swarm "$SERVER_URL" 40 5 "$WORK"/k*.json >"$WORK/acks" 2>"$WORK/load.err" &
LOAD=$!
wait_until 60 acked_at_least 200 || fail "the load did not start"
cp "$WORK/acks" "$WORK/acks.before"     # acknowledged before the backup begins
"$SERVER" backup --db "sqlite:$WORK/server.db" --to "$WORK/backup.db" 2>"$WORK/backup.log" \
  || fail "backup: $(cat "$WORK/backup.log")"
during=$(acks)
wait "$LOAD"; LOAD=
! grep -q '^fail ' "$WORK/acks" || fail "records refused under the backup"
[ "$(acks)" = 1600 ] || fail "the load lost records: $(acks) of 1600 acknowledged"
[ "$(acks)" -gt "$(grep -c '^ack ' "$WORK/acks.before")" ] || fail "no write went on around the backup"
echo "backup taken at $(grep -c '^ack ' "$WORK/acks.before") acknowledged ($during when it ended, 1600 in all)"
[ ! -e "$WORK/backup.db.tmp" ] || fail "a temporary file was left"

step "restore: integrity, every record acknowledged before the backup, a server on it"
mkdir "$WORK/restored"
cp "$WORK/backup.db" "$WORK/restored/server.db"
[ "$(sqlite3 "$WORK/restored/server.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
sqlite3 "$WORK/restored/server.db" 'SELECT id FROM records' | sort >"$WORK/restored.ids"
grep '^ack ' "$WORK/acks.before" | cut -d' ' -f2 | sort -u >"$WORK/before.ids"
missing=$(comm -23 "$WORK/before.ids" "$WORK/restored.ids" | wc -l)
[ "$missing" = 0 ] || fail "$missing records acknowledged before the backup are not in it"
[ "$(sqlite3 "$WORK/restored/server.db" 'SELECT count(*) FROM opinions')" = "$(wc -l <"$WORK/restored.ids")" ] \
  || fail "records without their opinions"
stop_server
start_server "$SERVER" "$WORK/restored/server.db" "$WORK/restored.log" || fail "no server on the restored database"
tok=$(sqlite3 "$WORK/restored/server.db" 'SELECT token FROM opinions LIMIT 1')
[ "$(curl -sS -o /dev/null -w '%{http_code}' "$SERVER_URL/t/$tok")" = 200 ] || fail "tracking page from the restored database"

step "the daily job keeps the newest 3 copies"
for d in 2026-11-01 2026-11-02 2026-11-03 2026-11-04 2026-11-05; do
  MQ_BACKUP_DATE=$d MINQING_SERVER=$SERVER sh "$HERE/../../firmware/minqing-backup" \
    "sqlite:$WORK/restored/server.db" "$WORK/daily" 3 2>/dev/null || fail "minqing-backup $d"
done
[ "$(ls "$WORK/daily" | tr '\n' ' ')" = "server-2026-11-03.db server-2026-11-04.db server-2026-11-05.db " ] \
  || fail "kept: $(ls "$WORK/daily")"
"$SERVER" backup --db "postgresql:///x" --to "$WORK/x.db" 2>/dev/null; [ $? = 2 ] || fail "a PostgreSQL backup was not refused"
"$SERVER" backup --db "sqlite:$WORK/none/x.db" --to "$WORK/y.db" 2>/dev/null; [ $? = 1 ] || fail "a missing database was not an error"
echo ok
