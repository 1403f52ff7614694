#!/bin/bash
# System updates of the qemu-virt image in QEMU (DESIGN.md section 9):
# boots the image under TCG with a real district server on the host's
# loopback and walks the update scenarios (firmware/test/update_test.py),
# printing `scenario N: ok`, `scenario N: FAILED: why` or
# `scenario N: skipped (MQ_SLOW=1 runs it)` for each of 1-4; exit 1 when a
# scenario that ran failed.
#   firmware/test-update.sh               build the image (fresh arm64 packages), then test
#   firmware/test-update.sh --no-build    test dist/minqing-qemu-virt-arm64.img as it is
#                                         (its root file system: build-image/qemu-virt/root.ext4)
#   MQ_SLOW=1 firmware/test-update.sh ... also scenarios 2 (rollback) and 3 (power cut
#                                         while RAUC writes), beyond CI's budget
# The bundles are made with firmware/build-bundle.sh from the image's own
# root file system. scripts/test.sh runs it with --no-build after the image
# boot test. Work files (serial logs, server log, bundles) are in
# build-image/update-test/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=1
case ${1:-} in
--no-build) build="" ;;
'') ;;
*) echo "test-update: unknown option '$1' (--no-build)" >&2; exit 2 ;;
esac
for f in qemu-system-aarch64 python3 sfdisk mcopy curl openssl rauc mksquashfs; do
	command -v "$f" >/dev/null || { echo "test-update: $f is missing: run scripts/install-deps.sh --arm64" >&2; exit 1; }
done
. firmware/test/native-server.sh "update test"
[ -z "$build" ] || firmware/build-image.sh --board qemu-virt
image=dist/minqing-qemu-virt-arm64.img
rootfs=build-image/qemu-virt/root.ext4
for f in "$image" "$rootfs"; do
	[ -f "$f" ] || { echo "test-update: $f is missing: run firmware/build-image.sh --board qemu-virt" >&2; exit 1; }
done
rm -rf build-image/update-test
mkdir -p build-image/update-test
echo "=== update test (QEMU TCG, $(nproc) cores; district server $server)"
exec nice -n "${MQ_NICE:-10}" python3 firmware/test/update_test.py --image "$image" --rootfs "$rootfs" \
	--work build-image/update-test --server "$server"
