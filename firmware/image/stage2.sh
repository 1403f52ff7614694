#!/bin/sh
# Second stage of firmware/build-image.sh, run as root inside the arm64 root
# tree by the image build's own QEMU VM (the initramfs's mq.stage2 mode).
#
# mmdebstrap --variant=extract on the build machine only unpacked the
# packages: no arm64 program can run there without binfmt_misc, which CI
# machines lack. Here, on an emulated arm64 CPU, the packages are installed
# properly, maintainer scripts and all, the way mmdebstrap's own essential
# and install stages would do it; then the appliance's settings are applied.
set -eu
export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true
export LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
here=/usr/lib/minqing/image
step() { echo "stage2: $* ($(cut -d' ' -f1 /proc/uptime) s)"; }

# Nothing may start services while packages are configured.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d

step "installing the essential packages"
cd /var/cache/apt/archives
# shellcheck disable=SC2046
dpkg --force-depends --force-unsafe-io --install $(cat $here/essential.list)

# The rest in two dpkg runs, as debootstrap's second stage does: unpack
# everything, then configure everything (dpkg orders the configuration by
# dependencies). One pass over dpkg's database instead of apt's many.
step "unpacking the other packages"
# shellcheck disable=SC2046
dpkg --force-depends --force-unsafe-io --force-confold --unpack $(cat $here/others.list)
step "configuring them (and those the build machine unpacked)"
dpkg --force-unsafe-io --force-confold --configure --pending
dpkg --triggers-only --pending

step "checking that every package is configured"
broken=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | grep -v '^ii ' || true)
if [ -n "$broken" ]; then
	echo "stage2: packages not configured:"; echo "$broken"
	exit 1
fi

step "appliance settings"
sh $here/customize.sh

rm -f /usr/sbin/policy-rc.d
step "done"
