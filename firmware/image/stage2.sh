#!/bin/sh
# Second stage of firmware/build-image.sh, run as root inside the arm64 root
# tree by the image build's own QEMU VM (the initramfs's mq.stage2 mode).
#
# The build machine cannot run arm64 programs (no binfmt_misc on CI
# machines): it unpacked every package whose unpacking runs no arm64 code
# (no preinst, or one that does nothing on a fresh install:
# deb-class.py). Here, on an emulated arm64 CPU, the few packages whose
# preinst does something are unpacked, and every package is configured --
# postinst scripts and triggers -- as mmdebstrap's essential and install
# stages would; then the appliance's settings are applied.
#
# The emulated CPU is ~20x slower than the build machine's: nothing here
# waits for a disk (--force-unsafe-io; the VM's disk is cache=unsafe) and
# every trigger runs once, at the end.
set -eu
export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true
export LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
here=/usr/lib/minqing/image
step() { echo "stage2: $* ($(cut -d' ' -f1 /proc/uptime) s)"; }
dpkg="dpkg --force-unsafe-io --force-confold"

# Nothing may start services while packages are configured.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d

cd /var/cache/apt/archives
# The essential packages first, configured before anything else runs its
# scripts (their files are all in place already: the extract put them there).
step "essential packages: unpacking $(wc -l <$here/vm-essential.list) with a preinst, configuring $(wc -l <$here/essential.names)"
# shellcheck disable=SC2046
[ ! -s $here/vm-essential.list ] || $dpkg --force-depends --unpack $(cat $here/vm-essential.list)
# shellcheck disable=SC2046
$dpkg --force-depends --no-triggers --configure $(cat $here/essential.names)

step "unpacking the $(wc -l <$here/vm-others.list) other packages whose preinst does something"
# shellcheck disable=SC2046
[ ! -s $here/vm-others.list ] || $dpkg --force-depends --no-triggers --unpack $(cat $here/vm-others.list)

step "configuring every package (dpkg orders them by their dependencies)"
$dpkg --no-triggers --configure --pending
step "running the triggers once (ldconfig, ...)"
$dpkg --triggers-only --pending

step "checking that every package is configured"
broken=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | grep -v '^ii ' || true)
if [ -n "$broken" ]; then
	echo "stage2: packages not configured:"; echo "$broken"
	exit 1
fi

# Where the time went: dpkg's log has a line at every state change; the
# seconds before a line are the work on that line's package (its script,
# its unpacking or its trigger).
echo "stage2: the slowest packages (seconds of unpacking, scripts and triggers):"
awk '$3 == "status" || $3 == "trigproc" || $3 == "configure" || $3 == "install" {
	split($2, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3]
	if (prev != "") { d = s - prev; if (d < 0) d += 86400; pkg = ($3 == "status") ? $5 : $4
	                  sub(/:.*/, "", pkg); spent[pkg] += d }
	prev = s
} END { for (p in spent) if (spent[p] >= 2) printf "%6d %s\n", spent[p], p }' /var/log/dpkg.log \
	| sort -rn | head -15 | sed 's/^/stage2:   /'

step "appliance settings"
sh $here/customize.sh

rm -f /usr/sbin/policy-rc.d
step "done"
