#!/bin/bash
# Builds the arm64 disk image of a minqing kiosk for one board:
#   firmware/build-image.sh --board qemu-virt|rpi4|rk3566   ->  dist/minqing-<board>-arm64.img
#
# Layout (GPT): 1 "esp" (FAT: GRUB as the removable EFI/BOOT/BOOTAA64.EFI,
# grub.cfg, grubenv, the site file minqing-site.txt; on rpi4 the Pi's boot
# firmware and config.txt), 2 "root_a" (ext4, mounted read-only), 3 "root_b"
# (empty until an update arrives), then free space where the first boot makes
# partition 4 "data" and grows it to the end of the card. See firmware/README.md.
#
# The build, and why this way: the build machine (amd64, CI) cannot run arm64
# programs without binfmt_misc, which CI machines do not have. So
#  1. mmdebstrap --variant=extract only downloads and unpacks the Debian
#     packages and the freshly built minqing .debs (scripts/package.sh arm64);
#  2. the build makes its own small initramfs (busybox-static) and boots that
#     tree in qemu-system-aarch64 (TCG), where stage2.sh installs the packages
#     properly, maintainer scripts and all, and applies the appliance settings;
#  3. the disk image is assembled from files: mkfs.ext4 image, mkfs.vfat +
#     mtools, sfdisk on the image file. No loop devices, no mounts.
#
# Options:  --board NAME     (required)
#           --no-package     use the .debs already in dist/ instead of rebuilding them
# Environment: MQ_DEBIAN_MIRROR (default http://deb.debian.org), MQ_NICE (10),
#              MQ_STAGE2_TIMEOUT (seconds, default 1800), MQ_DATA_MB (free space
#              left for the first boot's data partition, default 256),
#              MQ_UPDATE_KEYRING (the district's update CA certificate for
#              /etc/rauc/keyring.pem; default firmware/rauc/dev-keyring.pem: labs only).
set -eu
set -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

board="" package=1
while [ $# -gt 0 ]; do
	case $1 in
	--board) board=${2:-}; shift 2 ;;
	--board=*) board=${1#--board=}; shift ;;
	--no-package) package=""; shift ;;
	-h|--help) sed -n '2,30p' "$0"; exit 0 ;;
	*) echo "build-image: unknown option '$1' (--board NAME, --no-package)" >&2; exit 2 ;;
	esac
done
if [ -z "$board" ] || [ ! -f "board/$board/board.conf" ]; then
	echo "build-image: --board must name a folder of board/ with a board.conf:" \
	     "$(cd board && ls -d */ | tr -d / | tr '\n' ' ')" >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "build-image: run as root (mmdebstrap --mode=root keeps file ownership)" >&2
	exit 1
fi

t_start=$(date +%s)
phase_start=$t_start
phase_name=""
phase() {   # announces a step; says how long the one before took
	now=$(date +%s)
	[ -z "$phase_name" ] || echo "    ($phase_name: $((now - phase_start)) s)"
	echo "=== image $board: $*"
	phase_name=${1%% (*}
	phase_name=${phase_name%%:*}
	phase_start=$now
}

MQ_CONSOLE="" MQ_CMDLINE_EXTRA="" MQ_INITRD_MODULES="" MQ_PACKAGES="" MQ_BOOT_PACKAGES=""
MQ_ESP_MB=64 MQ_BOOT=grub
# shellcheck source=/dev/null
. "board/$board/board.conf"
mirror=${MQ_DEBIAN_MIRROR:-http://deb.debian.org}
nice="nice -n ${MQ_NICE:-10}"

need=""
for tool in mmdebstrap qemu-system-aarch64 mkfs.vfat mcopy sfdisk mkfs.ext4 e2fsck resize2fs \
	    tune2fs grub-mkimage grub-editenv depmod modprobe cpio dpkg-scanpackages fc-cache; do
	command -v "$tool" >/dev/null || need="$need $tool"
done
if [ -n "$need" ]; then
	echo "build-image: missing$need — run scripts/install-deps.sh --arm64 (as root)" >&2
	exit 1
fi

if [ -n "$package" ]; then
	phase "building the arm64 packages (scripts/package.sh arm64)"
	scripts/package.sh arm64
fi
version=$(sed -n 's/^project(minqing VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
kiosk_deb="dist/minqing-kiosk_${version}_arm64.deb"
[ -f "$kiosk_deb" ] || { echo "build-image: $kiosk_deb is missing: run scripts/package.sh arm64" >&2; exit 1; }

work="$root/build-image/$board"
rm -rf "$work"
mkdir -p "$work/repo" dist
tree="$work/root"

# The minqing .debs as a local repository apt can resolve from, with one
# more made here: minqing-image-initramfs stands in for initramfs-tools
# (the kernel package needs "a linux-initramfs-tool"), because this build
# makes the image's initramfs itself, on the build machine -- running
# mkinitramfs on the emulated CPU would only cost minutes for a file the
# boot never reads.
cp dist/minqing-*_"${version}"_arm64.deb "$work/repo/"
mkdir -p "$work/stub/DEBIAN"
cat >"$work/stub/DEBIAN/control" <<EOF
Package: minqing-image-initramfs
Version: $version
Architecture: all
Maintainer: minqing maintainers <maintainers@minqing.invalid>
Provides: linux-initramfs-tool
Section: admin
Priority: optional
Description: initramfs of the minqing image (made by firmware/build-image.sh)
 The image's /boot/initrd.img is made on the build machine from busybox and
 the modules that reach the root; this package only satisfies the kernel
 package's need for an initramfs tool.
EOF
dpkg-deb --root-owner-group -b "$work/stub" "$work/repo/minqing-image-initramfs_${version}_all.deb" >/dev/null
(cd "$work/repo" && dpkg-scanpackages --multiversion . /dev/null >Packages 2>/dev/null)
sources=(
	"deb $mirror/debian bookworm main non-free-firmware"
	"deb $mirror/debian bookworm-updates main non-free-firmware"
	"deb $mirror/debian-security bookworm-security main non-free-firmware"
	"deb [trusted=yes] copy://$work/repo ./"
)

packages=$(grep -v -e '^#' -e '^$' firmware/image/packages | tr '\n' ' ')
packages="$packages $MQ_PACKAGES minqing-image-initramfs"
phase "unpacking Debian and minqing (mmdebstrap --variant=extract): $packages"
# --skip=check/qemu: nothing arm64 runs here; stage 2 does that in QEMU.
$nice mmdebstrap --mode=root --variant=extract --architectures=arm64 \
	--skip=check/qemu --skip=cleanup/apt/cache --skip=cleanup/apt/lists \
	--setup-hook=/usr/share/mmdebstrap/hooks/merged-usr/setup00.sh \
	--include='?essential' --include='?priority(required)' --include="apt ${packages}" \
	bookworm "$tree" "${sources[@]}" >"$work/mmdebstrap.log" 2>&1 \
	|| { tail -20 "$work/mmdebstrap.log" >&2; echo "build-image: mmdebstrap failed ($work/mmdebstrap.log)" >&2; exit 1; }

# What the boot needs but the root does not: busybox for the initramfs, GRUB's
# arm64 EFI modules, a board's boot firmware. Unpacked apart, never installed.
phase "unpacking the boot tools (busybox-static, grub-efi-arm64-bin $MQ_BOOT_PACKAGES)"
bootpkgs="busybox-static grub-efi-arm64-bin $MQ_BOOT_PACKAGES"
$nice mmdebstrap --mode=root --variant=extract --architectures=arm64 --skip=check/qemu \
	--include="$bootpkgs" bookworm "$work/boot" "${sources[@]:0:3}" >"$work/mmdebstrap-boot.log" 2>&1 \
	|| { tail -20 "$work/mmdebstrap-boot.log" >&2; echo "build-image: mmdebstrap (boot tools) failed" >&2; exit 1; }

phase "preparing stage 2 (appliance files, package lists, initramfs)"
# Appliance files, the board's dpkg filters, stage 2's scripts and lists.
cp -a firmware/rootfs/. "$tree/"
[ ! -d "board/$board/rootfs" ] || cp -a "board/$board/rootfs/." "$tree/"
# The update keyring RAUC checks bundles against: the district's CA
# (MQ_UPDATE_KEYRING), or the development one for a lab image.
install -m 0644 "${MQ_UPDATE_KEYRING:-firmware/rauc/dev-keyring.pem}" "$tree/etc/rauc/keyring.pem"
cp "board/$board/dpkg.cfg" "$tree/etc/dpkg/dpkg.cfg.d/minqing-board"
# openssh-server's postinst makes host keys unless they exist: RSA key
# generation takes minutes on the emulated CPU, and customize.sh deletes
# them anyway (a board makes its own, on its data partition).
mkdir -p "$tree/etc/ssh"
for t in rsa ecdsa ed25519; do : >"$tree/etc/ssh/ssh_host_${t}_key"; done
# What dpkg will not install, gone from the unpacked tree too.
python3 firmware/image/dpkg-filter.py "$tree" "$tree/etc/dpkg/dpkg.cfg.d/minqing-image" \
	"$tree/etc/dpkg/dpkg.cfg.d/minqing-board"
img="$tree/usr/lib/minqing/image"
mkdir -p "$img"
cp firmware/image/stage2.sh firmware/image/customize.sh "$img/"
echo "$board" >"$img/board"
[ ! -f "board/$board/customize.sh" ] || cp "board/$board/customize.sh" "$img/board-customize.sh"
# Where each package is unpacked (firmware/image/deb-class.py): most of them
# -- libraries, fonts, data, and every package whose preinst does nothing
# on a fresh install -- need no arm64 CPU to unpack, so the build machine's
# dpkg does it, with the image's path filters (--force-script-chrootless
# runs such a do-nothing preinst with the build machine's shell;
# --no-triggers: ldconfig and the like run in stage 2). The few whose
# preinst does something are unpacked by stage 2 on the emulated CPU.
# Every package is configured in stage 2: the essential ones first (as
# mmdebstrap's and debootstrap's essential stages do), then the rest.
python3 firmware/image/deb-class.py "$tree"/var/cache/apt/archives/*.deb >"$work/classes"
awk -F'\t' '$1 == "host" { print $3 }' "$work/classes" >"$work/host.list"
awk -F'\t' '$1 == "vm" && $2 == "yes" { n = split($3, p, "/"); print p[n] }' "$work/classes" >"$img/vm-essential.list"
awk -F'\t' '$1 == "vm" && $2 == "no" { n = split($3, p, "/"); print p[n] }' "$work/classes" >"$img/vm-others.list"
awk -F'\t' '$2 == "yes" { print $3 }' "$work/classes" | xargs -r -d '\n' -n 1 dpkg-deb -f | sed -n 's/^Package: //p' \
	>"$img/essential.names"
echo "    $(wc -l <"$work/host.list") packages unpacked here;" \
     "$(cat "$img/vm-essential.list" "$img/vm-others.list" | wc -l) in stage 2:" \
     "$(cat "$img/vm-essential.list" "$img/vm-others.list" | sed 's/_.*//' | tr '\n' ' ')"

# The image's path filters as dpkg options, for the build machine's dpkg
# (which reads its own /etc/dpkg, not the tree's).
filters=()
while IFS= read -r line; do
	case $line in path-exclude=*|path-include=*) filters+=("--$line") ;; esac
done < <(cat "$tree/etc/dpkg/dpkg.cfg.d/minqing-image" "$tree/etc/dpkg/dpkg.cfg.d/minqing-board")
xargs -a "$work/host.list" -d '\n' dpkg --root="$tree" --force-architecture --force-depends \
	--force-script-chrootless --no-triggers "${filters[@]}" --unpack >"$work/host-unpack.log" 2>&1 \
	|| { tail -20 "$work/host-unpack.log" >&2; echo "build-image: dpkg --unpack on the build machine failed" >&2; exit 1; }
xargs -a "$work/host.list" -d '\n' rm -f

# The emulated CPU is slow at xz and at reading what dpkg then throws away
# (most of the kernel package's modules): hand it the packages with their
# data uncompressed and without the path-excluded files.
find "$tree/var/cache/apt/archives" -name '*.deb' -print0 \
	| $nice xargs -0 -r -n 4 -P "$(nproc)" python3 firmware/image/deb-slim.py \
		"$tree/etc/dpkg/dpkg.cfg.d/minqing-image" "$tree/etc/dpkg/dpkg.cfg.d/minqing-board" -- >/dev/null

# The initramfs: busybox, the modules that reach the root, firmware/initrd/init.
kver=$(ls "$tree/usr/lib/modules")
depmod -b "$tree" "$kver"
initrd="$work/initrd"
mkdir -p "$initrd/bin" "$initrd/etc"
cp "$work/boot/bin/busybox" "$initrd/bin/busybox"
cp firmware/initrd/init "$initrd/init"
chmod 755 "$initrd/init"
: >"$initrd/etc/minqing-modules"
# virtio_pci and virtio_blk always: stage 2 boots this same initramfs in
# QEMU's virt machine, whatever the board (on a board they never load a
# device and cost 100 KB).
for m in virtio_pci virtio_blk ext4 $MQ_INITRD_MODULES; do
	modprobe -d "$tree" -S "$kver" --show-depends "$m" | while read -r what path _; do
		[ "$what" = insmod ] || continue           # "builtin NAME": in the kernel
		rel=${path#"$tree"}
		grep -qx "$rel" "$initrd/etc/minqing-modules" && continue
		mkdir -p "$initrd$(dirname "$rel")"
		cp "$path" "$initrd$rel"
		echo "$rel" >>"$initrd/etc/minqing-modules"
	done
done
(cd "$initrd" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) >"$work/initrd.img"
cp "$work/initrd.img" "$tree/boot/initrd.img-minqing"

# The fonts' cache, made here once (fontconfig's own format is the same on
# both little-endian 64-bit machines, and the build machine has the same
# Debian fontconfig): without it every start of the kiosk scans the CJK
# fonts again, slowly on a board and very slowly under TCG, its own cache
# being in RAM. fontconfig trusts a cache while its folder's modification
# time matches to the nanosecond; mkfs.ext4 -d keeps whole seconds, so the
# folders' times are rounded first. /usr/local/share/fonts (the site's own
# fonts) is made here as fontconfig-config's postinst would make it in
# stage 2, so that its (empty) cache is in the image too (staff is group
# 50 on every Debian: base-passwd's fixed ids; /etc/group comes in stage 2).
# (The boot test checks that the kiosk wrote no cache of its own.)
[ -d "$tree/usr/local/share/fonts" ] || install -d -m 2775 -o 0 -g 50 "$tree/usr/local/share/fonts"
find "$tree/usr/share/fonts" "$tree/usr/local/share/fonts" -type d -print0 | while IFS= read -r -d '' d; do
	touch -m -d "@$(stat -c %Y "$d")" "$d"
done
fc-cache --sysroot="$tree" -s -f

# The tree as an ext4 file system with room for the packages to be installed.
size_mb=$(( $(du -sm "$tree" | cut -f1) + 1536 ))
$nice mkfs.ext4 -q -F -L root -d "$tree" "$work/stage2.ext4" "${size_mb}M"

phase "stage 2 in qemu-system-aarch64 (TCG): dpkg, maintainer scripts, settings"
log="$work/stage2.log"
: >"$log"
timeout "${MQ_STAGE2_TIMEOUT:-1800}" $nice qemu-system-aarch64 -M virt -cpu cortex-a72 -smp 2 -m 2048 \
	-accel tcg,thread=multi -display none -monitor none -serial "file:$log" -no-reboot -nic none \
	-kernel "$tree/boot/vmlinuz-$kver" -initrd "$work/initrd.img" \
	-append "console=ttyAMA0 root=/dev/vda mq.stage2 loglevel=4" \
	-drive "if=virtio,format=raw,file=$work/stage2.ext4,cache=unsafe" \
	-device virtio-rng-pci &
qemu=$!
tail --pid=$qemu -n +1 -f "$log" | grep --line-buffered -E '^stage2:|^MQ-STAGE2|^E: |^dpkg: error' || true
wait $qemu || { echo "build-image: the stage-2 VM failed or timed out ($log)" >&2; exit 1; }
if ! grep -q '^MQ-STAGE2: ok' "$log"; then
	tail -40 "$log" >&2
	echo "build-image: stage 2 did not finish; the whole log is $log" >&2
	exit 1
fi

phase "root file system: check, drop the journal (read-only), shrink"
rootfs="$work/root.ext4"
mv "$work/stage2.ext4" "$rootfs"
e2fsck -fy "$rootfs" >/dev/null || [ $? -le 1 ] || { echo "build-image: e2fsck found errors in $rootfs" >&2; exit 1; }
tune2fs -O ^has_journal -c 0 -i 0 "$rootfs" >/dev/null
e2fsck -fy "$rootfs" >/dev/null || [ $? -le 1 ]
resize2fs -M "$rootfs" >/dev/null 2>&1
resize2fs -M "$rootfs" >/dev/null 2>&1   # a second pass finds a little more
blocks=$(dumpe2fs -h "$rootfs" 2>/dev/null | sed -n 's/^Block count: *//p')
bsize=$(dumpe2fs -h "$rootfs" 2>/dev/null | sed -n 's/^Block size: *//p')
root_bytes=$((blocks * bsize))
truncate -s "$root_bytes" "$rootfs"
# A slot holds this root with a quarter to spare for the updates to come.
mib=$((1024 * 1024))
slot_mb=$(( (root_bytes * 5 / 4 + 64 * mib - 1) / (64 * mib) * 64 ))
# the kernel and initramfs as GRUB and the Pi firmware will read them
debugfs -R "stat /boot/vmlinuz-$kver" "$rootfs" >/dev/null 2>&1 \
	|| { echo "build-image: the root has no /boot/vmlinuz-$kver" >&2; exit 1; }

phase "boot partition ($MQ_BOOT)"
esp="$work/esp.img"
rm -f "$esp"
mkfs.vfat -C -F 32 -s 1 -n MINQING "$esp" $((MQ_ESP_MB * 1024)) >/dev/null
export MTOOLS_SKIP_CHECK=1
sed -e "s|@BOARD@|$board|g" firmware/esp/minqing-site.txt >"$work/minqing-site.txt"
mcopy -i "$esp" "$work/minqing-site.txt" ::minqing-site.txt
case $MQ_BOOT in
grub)
	grubdir="$work/boot/usr/lib/grub/arm64-efi"
	grub-mkimage -O arm64-efi -d "$grubdir" -p /EFI/BOOT -o "$work/BOOTAA64.EFI" \
		part_gpt fat ext2 normal configfile linux loadenv test regexp echo boot search
	sed -e "s|@CONSOLE@|$MQ_CONSOLE|" -e "s|@EXTRA@|$MQ_CMDLINE_EXTRA|" firmware/esp/grub.cfg >"$work/grub.cfg"
	grub-editenv "$work/grubenv" create
	grub-editenv "$work/grubenv" set ORDER="A B" A_OK=1 A_TRY=0 B_OK=0 B_TRY=0
	mmd -i "$esp" ::EFI ::EFI/BOOT
	mcopy -i "$esp" "$work/BOOTAA64.EFI" "$work/grub.cfg" "$work/grubenv" ::EFI/BOOT/
	;;
rpi)
	# The Pi firmware loads start4.elf, reads config.txt and cmdline.txt and
	# starts the kernel with the initramfs. They come from slot A's /boot.
	fw="$work/boot/usr/lib/raspi-firmware"
	[ -d "$fw" ] || { echo "build-image: raspi-firmware was not unpacked" >&2; exit 1; }
	for f in "$fw"/*; do mcopy -i "$esp" -s "$f" ::; done
	for dtb in "$tree"/usr/lib/linux-image-"$kver"/broadcom/bcm2711-*.dtb; do mcopy -i "$esp" "$dtb" ::; done
	[ ! -d "$tree/usr/lib/linux-image-$kver/overlays" ] || mcopy -i "$esp" -s "$tree/usr/lib/linux-image-$kver/overlays" ::
	mcopy -i "$esp" "$tree/boot/vmlinuz-$kver" ::vmlinuz
	mcopy -i "$esp" "$work/initrd.img" ::initrd.img
	mcopy -i "$esp" board/rpi4/config.txt ::config.txt
	echo "root=PARTLABEL=root_a ro rootwait $MQ_CONSOLE quiet loglevel=3 consoleblank=0 vt.global_cursor_default=0 systemd.show_status=false panic=10 $MQ_CMDLINE_EXTRA" \
		>"$work/cmdline.txt"
	mcopy -i "$esp" "$work/cmdline.txt" ::cmdline.txt
	;;
*) echo "build-image: board.conf has MQ_BOOT=$MQ_BOOT (grub or rpi)" >&2; exit 1 ;;
esac

phase "disk image"
out="dist/minqing-$board-arm64.img"
first_mb=16                               # room for a board's U-Boot (RK3566: sectors 64..)
data_mb=${MQ_DATA_MB:-256}
total_mb=$((first_mb + MQ_ESP_MB + 2 * slot_mb + data_mb + 1))
rm -f "$out.tmp"
truncate -s "${total_mb}M" "$out.tmp"
s=2048                                    # sectors a MiB
sfdisk --quiet --wipe always "$out.tmp" <<EOF
label: gpt
first-lba: 2048
start=$((first_mb * s)), size=$((MQ_ESP_MB * s)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="esp"
start=$(((first_mb + MQ_ESP_MB) * s)), size=$((slot_mb * s)), type=B921B045-1DF0-41C3-AF44-4C6F280D3FAE, name="root_a"
start=$(((first_mb + MQ_ESP_MB + slot_mb) * s)), size=$((slot_mb * s)), type=B921B045-1DF0-41C3-AF44-4C6F280D3FAE, name="root_b"
EOF
dd if="$esp" of="$out.tmp" bs=1M seek="$first_mb" conv=notrunc,sparse status=none
dd if="$rootfs" of="$out.tmp" bs=1M seek=$((first_mb + MQ_ESP_MB)) conv=notrunc,sparse status=none
mv "$out.tmp" "$out"

phase "done"
echo "=== image: $out — $((total_mb)) MiB ($(du -m "$out" | cut -f1) MiB on disk, sparse);" \
     "root $((root_bytes / mib)) MiB in $slot_mb MiB slots, ESP $MQ_ESP_MB MiB, $data_mb MiB free for data;" \
     "built in $(( $(date +%s) - t_start )) s"
