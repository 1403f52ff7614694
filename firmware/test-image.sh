#!/bin/bash
# The image's proof in QEMU (a CI stage of scripts/test.sh): builds the
# qemu-virt image once (firmware/build-image.sh) and boots it twice under TCG
# with a real district server on the host's loopback
# (firmware/test/boot_test.py): enrollment and two opinions by taps on the
# touchscreen, a power cut with the second one queued (the server has it, its
# answer was lost), the boot after it: the opinion sent again and counted
# once. Prints each check, the timings of every stage and the memory
# figures. MQ_SLOW=1 also boots the dist image as shipped (snapshot=on).
#   firmware/test-image.sh               build (with fresh arm64 packages), then test
#   firmware/test-image.sh --no-package  build the image from the .debs already in dist/
#   firmware/test-image.sh --no-build    test dist/minqing-qemu-virt-arm64.img as it is
# The district server is the native build's minqing-server: MQ_SERVER, else
# build-test/server/minqing-server (scripts/test.sh's build), else one built
# here (build-image/server, Release, the server alone).
# Work files (screens as PNG, serial logs, server log, figures.json) are in
# build-image/test/.
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
for f in qemu-system-aarch64 python3 sfdisk e2fsck debugfs mcopy; do
	command -v "$f" >/dev/null || { echo "test-image: $f is missing: run scripts/install-deps.sh --arm64" >&2; exit 1; }
done
[ -f /usr/share/qemu-efi-aarch64/QEMU_EFI.fd ] \
	|| { echo "test-image: no UEFI firmware (package qemu-efi-aarch64): run scripts/install-deps.sh --arm64" >&2; exit 1; }

t0=$(date +%s)
. firmware/test/native-server.sh "image test"
t_server=$(date +%s)
if [ -n "$build" ]; then
	firmware/build-image.sh --board qemu-virt $package
fi
t_built=$(date +%s)
image=dist/minqing-qemu-virt-arm64.img
[ -f "$image" ] || { echo "test-image: $image is missing: run firmware/build-image.sh --board qemu-virt" >&2; exit 1; }
rm -rf build-image/test
mkdir -p build-image/test
echo "=== image boot test (QEMU TCG, $(nproc) cores; district server $server)"
status=0
# The server runs beside the VM; an ASan build of it (scripts/test.sh's)
# checks for leaks when it stops.
python3 firmware/test/boot_test.py --image "$image" --work build-image/test --server "$server" || status=$?
t_end=$(date +%s)
echo "=== image: server $((t_server - t0)) s, image build $((t_built - t_server)) s," \
     "boot test $((t_end - t_built)) s, together $((t_end - t0)) s"
exit $status
