#!/bin/bash
# Disk full: the kiosk's data directory on a tiny filesystem. Filing refuses
# with a clear message (to the resident on screen, to the technician in the
# log and in `status`); nothing already queued is lost or damaged; when space
# returns the kiosk files and syncs again. Needs root to mount a tmpfs.
. "$(dirname "$0")/common.sh"
. "$HERE/faults.sh"
if [ "$(id -u)" != 0 ]; then echo "skipped: needs root to mount a small tmpfs"; exit 77; fi
mkdir -p "$KIOSK_DATA"
mount -t tmpfs -o size=8m tmpfs "$KIOSK_DATA" || { echo "skipped: cannot mount tmpfs"; exit 77; }
umount_data() { umount "$KIOSK_DATA" 2>/dev/null; }
trap 'umount_data; cleanup' EXIT
setup_enrolled_kiosk
# On a full disk even the sqlite3 shell cannot open a WAL database for
# reading; every kiosk process has closed it cleanly, so read the file as is.
kiosk_db_ro() { sqlite3 "file:$KIOSK_DATA/kiosk.db?immutable=1" "$1"; }

step "queue some opinions, then the disk fills up (a filler file takes the rest)"
"$MQ_FILL" "$KIOSK_DATA" 20 before >>"$WORK/filled.ids" || fail "filing before the disk filled failed"
dd if=/dev/zero of="$KIOSK_DATA/filler" bs=4k 2>/dev/null   # until ENOSPC
queued=$(kiosk_db_ro "SELECT COUNT(*) FROM outbox")
[ "$queued" = 20 ] || fail "expected 20 queued, found $queued"
"$MQ_FILL" "$KIOSK_DATA" 5 full >>"$WORK/filled.ids" 2>"$WORK/fill.err"; rc=$?
[ "$rc" = 3 ] || fail "filing on a full disk should stop with 'disk full' (exit 3), got $rc: $(cat "$WORK/fill.err")"
grep -q "disk full" "$WORK/fill.err" || fail "no 'disk full' message: $(cat "$WORK/fill.err")"
[ "$(kiosk_db_ro "SELECT COUNT(*) FROM outbox")" = "$queued" ] || fail "a half-written record appeared"
[ "$(kiosk_db_ro "PRAGMA integrity_check")" = ok ] || fail "kiosk.db damaged by the full disk"

step "the resident at the touchscreen gets a clear answer"
sed -e "s|@TEXT@|no room|" -e "s|@OUT@|$WORK/full|g" "$HERE/file_opinion.script" \
  | sed '/^wait-for confirm.qr/,$d' >"$WORK/full.script"
echo "expect-text 暂时无法保存" >>"$WORK/full.script"
echo "screenshot $WORK/full.png" >>"$WORK/full.script"
"$KIOSK" --headless --config "$OFFLINE_CFG" --script "$WORK/full.script" >"$WORK/full.log" 2>&1 \
  || { tail -5 "$WORK/full.log"; fail "the touchscreen did not say it cannot save"; }
grep -q "disk is full\|disk full" "$WORK/full.log" || fail "no log line for the technician"
"$KIOSK" status --config "$KIOSK_CFG" >"$WORK/status.json" || fail "status fails on a full disk"
grep -q '"disk_free_bytes"' "$WORK/status.json" || fail "status does not show free disk"
grep -q "\"queue_depth\": $queued" "$WORK/status.json" || fail "status: $(cat "$WORK/status.json")"
[ "$(kiosk_db_ro "SELECT COUNT(*) FROM outbox")" = "$queued" ] || fail "the queue changed"

step "the queue still drains while the disk is full"
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/drain.json" 2>"$WORK/drain.err" \
  || fail "sync on a full disk failed: $(cat "$WORK/drain.json") $(tail -3 "$WORK/drain.err")"
[ "$(server_db "SELECT COUNT(*) FROM records")" = "$queued" ] || fail "the queued records did not reach the server"
[ "$(kiosk_db_ro "SELECT COUNT(*) FROM outbox WHERE state='acked'")" = "$queued" ] || fail "acknowledgements not recorded"

step "space returns: filing and syncing work again, nothing was lost"
rm -f "$KIOSK_DATA/filler"
"$MQ_FILL" "$KIOSK_DATA" 5 after >>"$WORK/filled.ids" || fail "filing after recovery failed"
sync_until_done "$KIOSK_CFG" 3
check_invariants
echo "e2e_diskfull: ok"
