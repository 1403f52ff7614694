#!/bin/bash
# The image's proof in QEMU (a CI stage of scripts/test.sh): builds the
# qemu-virt image once (firmware/build-image.sh, with fresh arm64 packages)
# and boots it three times under TCG (firmware/test/boot_test.py): as
# shipped; as a first boot on a bigger card; after a power cut on an even
# bigger card. Prints each check, the timings and the memory figures.
#   firmware/test-image.sh               build, then test
#   firmware/test-image.sh --no-build    test dist/minqing-qemu-virt-arm64.img as it is
#   firmware/test-image.sh --no-package  build the image from the .debs already in dist/
# Work files (screens as PNG, serial logs, figures.json) are in build-image/test/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=1 package=""
case ${1:-} in
--no-build) build="" ;;
--no-package) package=--no-package ;;
'') ;;
*) echo "test-image: unknown option '$1' (--no-build, --no-package)" >&2; exit 2 ;;
esac
for f in qemu-system-aarch64 python3 sfdisk e2fsck; do
	command -v "$f" >/dev/null || { echo "test-image: $f is missing: run scripts/install-deps.sh --arm64" >&2; exit 1; }
done
[ -f /usr/share/qemu-efi-aarch64/QEMU_EFI.fd ] \
	|| { echo "test-image: no UEFI firmware (package qemu-efi-aarch64): run scripts/install-deps.sh --arm64" >&2; exit 1; }

t0=$(date +%s)
if [ -n "$build" ]; then
	firmware/build-image.sh --board qemu-virt $package
fi
t_built=$(date +%s)
image=dist/minqing-qemu-virt-arm64.img
[ -f "$image" ] || { echo "test-image: $image is missing: run firmware/build-image.sh --board qemu-virt" >&2; exit 1; }
rm -rf build-image/test
mkdir -p build-image/test
echo "=== image boot test (QEMU TCG, $(nproc) cores)"
status=0
nice -n "${MQ_NICE:-0}" python3 firmware/test/boot_test.py --image "$image" --work build-image/test || status=$?
t_end=$(date +%s)
echo "=== image: build $((t_built - t0)) s, boot test $((t_end - t_built)) s, together $((t_end - t0)) s"
exit $status
