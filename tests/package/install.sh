#!/bin/bash
# Installs dist/minqing-{server,kiosk}_<ver>_amd64.deb into a fresh Debian 12
# root made by mmdebstrap (apt resolves their dependencies from the Debian
# archive), then checks what a broken package would get wrong:
#   - the minqing user, the state directories (owner, mode), the conffiles,
#     the units (enabled or not as intended, accepted by systemd-analyze
#     verify), the man pages;
#   - the programs start there, as the unit starts them: the server answers
#     /healthz with the packaged server.ini, the kiosk (headless) draws its
#     first screen with the packaged kiosk.ini and creates its store;
#   - remove keeps the district's database, the kiosk's store and the
#     configuration; purge removes them.
# Run by scripts/test.sh after scripts/package.sh amd64. Needs root
# (mmdebstrap --mode=root, chroot, unshare for a private network).
#   tests/package/install.sh [DIST_DIR]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=${1:-$root/dist}
version=$(sed -n 's/^project(minqing VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
arch=$(dpkg --print-architecture)
work=$root/build-deb/install-test
passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAILED: $*"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
in_root() { chroot "$work/root" "$@"; }

for p in minqing-server minqing-kiosk; do
	[ -f "$dist/${p}_${version}_${arch}.deb" ] \
		|| { echo "install test: $dist/${p}_${version}_${arch}.deb is missing: run scripts/package.sh $arch" >&2; exit 1; }
done
command -v mmdebstrap >/dev/null || { echo "install test: mmdebstrap missing: scripts/install-deps.sh" >&2; exit 1; }

t0=$(date +%s)
rm -rf "$work"
mkdir -p "$work/repo"
cp "$dist/minqing-server_${version}_${arch}.deb" "$dist/minqing-kiosk_${version}_${arch}.deb" "$work/repo/"
(cd "$work/repo" && dpkg-scanpackages --multiversion . /dev/null >Packages 2>/dev/null)
mirror=${MQ_DEBIAN_MIRROR:-http://deb.debian.org}

echo "=== package install test: a fresh Debian 12 ($arch) with apt, then apt install minqing-server minqing-kiosk"
# Essential + apt, then apt inside the new root installs the packages and
# whatever they depend on (mmdebstrap copies the local .debs in: copy://),
# the way an administrator's apt install does. curl: for the health check.
if ! mmdebstrap --mode=root --variant=apt \
	--include=curl,ca-certificates,minqing-server,minqing-kiosk \
	bookworm "$work/root" "deb $mirror/debian bookworm main" \
	"deb $mirror/debian-security bookworm-security main" \
	"deb [trusted=yes] copy://$work/repo ./" >"$work/mmdebstrap.log" 2>&1; then
	tail -30 "$work/mmdebstrap.log"
	echo "install test: 0 passed, 1 failed (mmdebstrap/apt could not install the packages; $work/mmdebstrap.log)"
	exit 1
fi
echo "=== installed in $(( $(date +%s) - t0 )) s"

check "both packages are installed" in_root dpkg-query -W -f='${Status}\n' minqing-server minqing-kiosk
[ "$(in_root dpkg-query -W -f='${Status}' minqing-server)" = "install ok installed" ] \
	&& ok "minqing-server is configured" || bad "minqing-server is not configured"
check "the minqing system user exists (sysusers.d)" in_root getent passwd minqing
uid=$(in_root id -u minqing 2>/dev/null || echo 0)
[ "$uid" -gt 0 ] && [ "$uid" -lt 1000 ] && ok "minqing is a system user (uid $uid)" || bad "minqing uid $uid"
for g in video input render; do
	in_root id -nG minqing | tr ' ' '\n' | grep -qx $g && ok "minqing is in $g (panel, touch)" || bad "minqing not in $g"
done
for d in /var/lib/minqing /var/lib/minqing-kiosk; do
	st=$(in_root stat -c '%U %a' "$d" 2>/dev/null)
	[ "$st" = "minqing 700" ] && ok "$d exists, minqing, 0700 (tmpfiles.d)" || bad "$d: '$st'"
done
for f in /etc/minqing/kiosk.ini /etc/minqing/server.ini; do
	in_root dpkg-query --showformat='${Conffiles}\n' --show minqing-kiosk minqing-server | grep -q " $f " \
		&& ok "$f is a conffile" || bad "$f is not a conffile"
done
[ "$(in_root stat -c '%U:%G %a' /etc/minqing/server.ini)" = "root:minqing 640" ] \
	&& ok "server.ini is root:minqing 0640 (it may hold a webhook token)" || bad "server.ini mode"
check "minqing-server.service is enabled" test -L "$work/root/etc/systemd/system/multi-user.target.wants/minqing-server.service"
check "minqing-kiosk.service is enabled" test -L "$work/root/etc/systemd/system/multi-user.target.wants/minqing-kiosk.service"
check "minqing-reminders.timer is not enabled (needs a webhook first)" \
	test ! -e "$work/root/etc/systemd/system/timers.target.wants/minqing-reminders.timer"
check "minqing-supervise.timer is enabled (督查 needs no webhook)" \
	test -L "$work/root/etc/systemd/system/timers.target.wants/minqing-supervise.timer"
check "minqing-backup.timer is enabled (the SQLite default's daily backup)" \
	test -L "$work/root/etc/systemd/system/timers.target.wants/minqing-backup.timer"
st=$(in_root stat -c '%U %a' /var/backups/minqing 2>/dev/null)
[ "$st" = "minqing 700" ] && ok "/var/backups/minqing exists, minqing, 0700 (tmpfiles.d)" \
	|| bad "/var/backups/minqing: '$st'"
for u in minqing-server.service minqing-kiosk.service minqing-reminders.service minqing-reminders.timer \
	minqing-supervise.service minqing-supervise.timer minqing-backup.service minqing-backup.timer; do
	out=$(in_root systemd-analyze verify --man=no "$u" 2>&1)
	[ -z "$out" ] && ok "systemd-analyze verify $u" || bad "systemd-analyze verify $u: $out"
done
for m in minqing-server minqing-kiosk; do
	# every command of the program's usage must be in its manual page
	man=$(zcat "$work/root/usr/share/man/man1/$m.1.gz" 2>/dev/null)
	[ -n "$man" ] && ok "man page $m(1)" || bad "no man page for $m"
done
usage=$(in_root minqing-server --help 2>/dev/null | sed -n 's/^  minqing-server \([a-z-]*\).*/\1/p' | sort -u)
missing=""
for c in $usage; do zcat "$work/root/usr/share/man/man1/minqing-server.1.gz" | grep -q -- "$c" || missing="$missing $c"; done
[ -n "$usage" ] && [ -z "$missing" ] && ok "minqing-server(1) names every command of --help" || bad "minqing-server(1) lacks:$missing"

echo "=== starting the programs in the new root (private network namespace)"
# The server as its unit starts it (same user, same config); the kiosk
# headless with the packaged config, drawing its first screen.
cat >"$work/root/run-programs.sh" <<'EOF'
#!/bin/sh
set -u
runuser -u minqing -- /usr/bin/minqing-server serve --config /etc/minqing/server.ini >/tmp/server.log 2>&1 &
pid=$!
i=0
until curl -fsS http://127.0.0.1:8080/healthz >/tmp/healthz 2>&1; do
	i=$((i + 1))
	[ $i -lt 200 ] || { echo "server: no /healthz in 20 s"; cat /tmp/server.log; kill $pid; exit 1; }
	sleep 0.1   # polling interval of a bounded wait
done
echo "server: /healthz answered: $(head -c 200 /tmp/healthz)"
kill $pid
wait $pid
# the daily backup as minqing-backup.service runs it, of the database just made
runuser -u minqing -- env MINQING_SERVER=/usr/bin/minqing-server MQ_BACKUP_DATE=2026-11-30 \
	/usr/lib/minqing/minqing-backup sqlite:/var/lib/minqing/server.db /var/backups/minqing 14 \
	>/tmp/backup.log 2>&1 || { echo "backup: exit $?"; cat /tmp/backup.log; exit 1; }
echo "backup: $(ls /var/backups/minqing)"
printf 'screenshot /tmp/kiosk.png\ndump /tmp/kiosk.json\n' >/tmp/first.script
chmod 644 /tmp/first.script
runuser -u minqing -- /usr/bin/minqing-kiosk --config /etc/minqing/kiosk.ini --headless \
	--script /tmp/first.script >/tmp/kiosk.log 2>&1 || { echo "kiosk: exit $?"; cat /tmp/kiosk.log; exit 1; }
echo "kiosk: $(grep -o 'first frame.*' /tmp/kiosk.log | head -1)"
EOF
chmod 755 "$work/root/run-programs.sh"
mount -t proc proc "$work/root/proc"
if unshare --net sh -c 'ip link set lo up && exec chroot "$1" /run-programs.sh' sh "$work/root" >"$work/programs.log" 2>&1; then
	ok "the programs start in the new root"
else
	bad "the programs did not start: $(tail -20 "$work/programs.log")"
fi
umount "$work/root/proc"
sed 's/^/  /' "$work/programs.log"
check "the server made its database" test -s "$work/root/var/lib/minqing/server.db"
check "the daily backup job copied it" test -s "$work/root/var/backups/minqing/server-2026-11-30.db"
check "the kiosk drew its first screen (PNG)" test -s "$work/root/tmp/kiosk.png"
check "the kiosk dumped its widget tree" grep -q '"widgets"' "$work/root/tmp/kiosk.json"
check "the kiosk made its store in /var/lib/minqing-kiosk" test -s "$work/root/var/lib/minqing-kiosk/kiosk.db"

echo "=== remove keeps the data, purge removes it"
in_root apt-get remove -y -q minqing-server minqing-kiosk >"$work/remove.log" 2>&1 \
	&& ok "apt-get remove" || bad "apt-get remove: $(tail -5 "$work/remove.log")"
check "after remove: the district's database is kept" test -s "$work/root/var/lib/minqing/server.db"
check "after remove: the kiosk's store is kept" test -s "$work/root/var/lib/minqing-kiosk/kiosk.db"
check "after remove: /etc/minqing/server.ini is kept" test -f "$work/root/etc/minqing/server.ini"
check "after remove: the program is gone" test ! -e "$work/root/usr/bin/minqing-server"
in_root apt-get purge -y -q minqing-server minqing-kiosk >"$work/purge.log" 2>&1 \
	&& ok "apt-get purge" || bad "apt-get purge: $(tail -5 "$work/purge.log")"
check "after purge: /var/lib/minqing is gone" test ! -e "$work/root/var/lib/minqing"
check "after purge: /var/lib/minqing-kiosk is gone" test ! -e "$work/root/var/lib/minqing-kiosk"
check "after purge: /etc/minqing is gone" test ! -e "$work/root/etc/minqing"
check "after purge: no unit left enabled" test ! -e "$work/root/etc/systemd/system/multi-user.target.wants/minqing-server.service"
[ -z "$(in_root dpkg-statoverride --list /etc/minqing/server.ini)" ] && ok "after purge: no statoverride left" || bad "statoverride left"

echo "=== package install test: $(( $(date +%s) - t0 )) s"
echo "install test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
