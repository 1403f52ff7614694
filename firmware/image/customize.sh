#!/bin/sh
# Appliance settings, run by stage2.sh inside the arm64 root after every
# package is installed (so systemctl and the packages' files are there).
# The files themselves come from firmware/rootfs/, copied in before.
set -eu
board=$(cat /usr/lib/minqing/image/board)

# Boot: the kernel and the initramfs at the names grub.cfg loads.
kver=$(ls /usr/lib/modules)
ln -sf "vmlinuz-$kver" /boot/vmlinuz
ln -sf "initrd.img-minqing" /boot/initrd.img

# Mount points on the read-only root.
mkdir -p /data /boot/efi

# Services: the kiosk and what it needs; nothing that writes to the card or
# waits for the network on its own.
systemctl enable minqing-kiosk.service minqing-data.service minqing-site.service minqing-update-reboot.path \
	systemd-networkd.service systemd-resolved.service systemd-timesyncd.service ssh.service
systemctl disable ssh.socket 2>/dev/null || true
# no login prompts anywhere (the panel is the kiosk's; SSH when the site allows)
systemctl mask getty@.service serial-getty@.service autovt@.service console-getty.service
# nothing that would write to the root, or wait for a network that may not be there
systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service \
	systemd-networkd-wait-online.service
systemctl set-default multi-user.target

# A machine id made at every boot (the root is read-only); dbus's follows it.
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -sf /etc/machine-id /var/lib/dbus/machine-id

# Host keys belong to a board, never to the image (sshd reads /data/ssh).
rm -f /etc/ssh/ssh_host_*

# The studios are in China; the kiosk shows Asia/Shanghai.
ln -sf /usr/share/zoneinfo/Asia/Shanghai /etc/localtime
echo Asia/Shanghai >/etc/timezone
echo "minqing-$board" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\tminqing-%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$board" >/etc/hosts
ln -sf ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf

# apt on a board fetches from the Debian archive (the image's own list of
# where the minqing packages came from is build-machine-local).
cat >/etc/apt/sources.list <<EOT
deb http://deb.debian.org/debian bookworm main non-free-firmware
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOT

# What the image does not need: downloaded packages and lists, what dpkg's
# path-exclude would have left out had it unpacked these files itself
# (the build machine extracted them before dpkg ran), logs of the build.
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
find /usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/lintian
find /usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf /var/log/* /var/cache/debconf/*-old /var/lib/dpkg/*-old /tmp/* /var/tmp/*
rm -f /etc/apt/apt.conf.d/99mmdebstrap /etc/dpkg/dpkg.cfg.d/99mmdebstrap

# The board's own settings, if it has any (board/<name>/customize.sh).
[ ! -f /usr/lib/minqing/image/board-customize.sh ] || sh /usr/lib/minqing/image/board-customize.sh
