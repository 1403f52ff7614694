#!/bin/bash
# firmware/build-bundle.sh — a root file system into a signed RAUC bundle.
#
#   firmware/build-bundle.sh --rootfs DIR|IMAGE.ext4 --version V [--out FILE.raucb]
#                            [--cert CERT.pem --key KEY.pem] [--keyring KEYRING.pem]
#                            [--format verity|plain] [--compatible STRING]
#
# A directory is packed into an ext4 image first (mkfs.ext4 -d, sized with a
# quarter to spare); an .ext4 image is taken as it is. The bundle holds that
# image for the slot class `rootfs` (the image's system.conf names its two
# slots rootfs.0 / rootfs.1), the compatible string of firmware/rauc/compatible
# and the version given; it is signed with the key and certificate given
# (default: the development pair in firmware/rauc/, which production kiosks
# refuse: they carry the district's keyring, see firmware/README.md) and
# checked against the keyring before the script says it is done.
#
# Format `verity` (the default and what kiosks accept) needs nothing of the
# building machine's kernel; `plain` exists for hosts whose kernel has no
# device-mapper, where rauc cannot mount a verity bundle to install it
# (tests/e2e/e2e_update.sh on a CI container). Needs: rauc, squashfs-tools
# (mksquashfs), e2fsprogs. Prints the bundle's path.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rootfs= version= out= format=verity
cert=$here/rauc/dev-signing.cert.pem
key=$here/rauc/dev-signing.key.pem
keyring=$here/rauc/dev-keyring.pem
compatible=$(cat "$here/rauc/compatible")

die() { echo "build-bundle: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case "$1" in
	--rootfs) rootfs=$2; shift 2 ;;
	--version) version=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--cert) cert=$2; shift 2 ;;
	--key) key=$2; shift 2 ;;
	--keyring) keyring=$2; shift 2 ;;
	--format) format=$2; shift 2 ;;
	--compatible) compatible=$2; shift 2 ;;
	*) die "unknown argument $1 (see the comment at the top of this script)" ;;
	esac
done
[ -n "$rootfs" ] && [ -e "$rootfs" ] || die "--rootfs DIR or IMAGE.ext4 is needed"
case "$version" in
'' | *[!0-9A-Za-z.+~-]*) die "--version wants letters, digits and . + ~ - (e.g. 1.2.0)" ;;
esac
case "$format" in verity | plain) ;; *) die "--format is verity or plain" ;; esac
command -v rauc >/dev/null || die "rauc is not installed (apt-get install rauc)"
command -v mksquashfs >/dev/null || die "mksquashfs is not installed (apt-get install squashfs-tools)"
[ -r "$cert" ] && [ -r "$key" ] || die "cannot read the signing certificate $cert or key $key"
out=${out:-$PWD/minqing-$version.raucb}

work=$(mktemp -d "${TMPDIR:-/tmp}/mq-bundle-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/content"
if [ -d "$rootfs" ]; then
	kib=$(du -sk "$rootfs" | cut -f1)
	kib=$((kib * 5 / 4 + 8192))
	mkfs.ext4 -q -L rootfs -d "$rootfs" "$work/content/rootfs.ext4" "${kib}k" >/dev/null \
		|| die "mkfs.ext4 could not pack $rootfs"
else
	cp --sparse=always "$rootfs" "$work/content/rootfs.ext4"
fi
cat >"$work/content/manifest.raucm" <<MANIFEST
[update]
compatible=$compatible
version=$version

[bundle]
format=$format

[image.rootfs]
filename=rootfs.ext4
MANIFEST
rm -f "$out"
rauc bundle --cert="$cert" --key="$key" --keyring="$keyring" \
	"$work/content" "$out" >"$work/rauc.log" 2>&1 \
	|| { cat "$work/rauc.log" >&2; die "rauc bundle failed"; }
rauc info --keyring="$keyring" "$out" >/dev/null 2>"$work/info.log" \
	|| { cat "$work/info.log" >&2; die "the bundle does not verify against $keyring"; }
echo "$out"
