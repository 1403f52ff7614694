#!/bin/bash
# Installs what is missing, builds with ASan+UBSan and runs every test; then
# cross-builds for arm64 and runs the unit tests under qemu-aarch64-static;
# builds the Debian packages (lintian, install test in a fresh Debian root);
# builds the qemu-virt disk image, boots it in qemu-system-aarch64 and walks
# the system-update scenarios on it (MQ_SLOW=1: all of them).
#   scripts/test.sh            (CI runs exactly this, through .ci/run)
#   MQ_SKIP_ARM64=1 scripts/test.sh   to skip the cross-build (and the arm64
#                                     packages and the image) on a workstation
#   MQ_SKIP_IMAGE=1 scripts/test.sh   to skip the image build, boot test and update test
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)
werror=OFF; [ -n "${CI:-}" ] && werror=ON

if [ -z "${MQ_SKIP_ARM64:-}" ]; then
  scripts/install-deps.sh --arm64 || exit 1
else
  scripts/install-deps.sh || exit 1
fi

# Browser tests drive Debian's chromium with playwright-core from npm.
if [ -f tests/browser/package.json ]; then
  echo "=== npm packages for the browser tests"
  # Debian ships npm apart from nodejs; NodeSource's nodejs bundles it.
  command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm || exit 1
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) || exit 1
fi

echo "=== native build (ASan+UBSan, -Werror=$werror)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DMQ_SANITIZE=ON -DMQ_WERROR=$werror >/dev/null \
  && cmake --build build-test -j"$jobs" || exit 1

echo "=== native tests"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-test && ctest --output-on-failure -j"$jobs" --timeout 300) | tee build-test/ctest.log
native=${PIPESTATUS[0]}

echo "=== fuzzing: libFuzzer, 20 s per target (tests/fuzz/run.sh)"
tests/fuzz/run.sh "${MQ_FUZZ_SECONDS:-20}"
fuzz=$?

arm=0
if [ -z "${MQ_SKIP_ARM64:-}" ]; then
  echo "=== arm64 cross-build (no sanitizers) and unit tests under qemu-aarch64-static"
  cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=board/toolchain-aarch64.cmake \
        -DCMAKE_BUILD_TYPE=Release -DMQ_WERROR=$werror >/dev/null \
    && cmake --build build-arm64 -j"$jobs" || exit 1
  file build-arm64/app/minqing-kiosk build-arm64/server/minqing-server | grep -c aarch64 | grep -qx 2 \
    || { echo "arm64 binaries are not aarch64"; exit 1; }
  (cd build-arm64 && ctest --output-on-failure -L unit -j"$jobs" --timeout 600) | tee build-arm64/ctest.log
  arm=${PIPESTATUS[0]}
fi

# Debian packages: both programs for amd64 (and arm64 unless skipped), lintian,
# then installed by apt into a fresh Debian 12 root, started, removed, purged.
echo "=== Debian packages (scripts/package.sh, tests/package/install.sh)"
pkg_t0=$(date +%s)
pkg=0
if [ -z "${MQ_SKIP_ARM64:-}" ]; then archs="amd64 arm64"; else archs=amd64; fi
# shellcheck disable=SC2086
scripts/package.sh $archs && tests/package/install.sh || pkg=1
echo "=== packages: $(( $(date +%s) - pkg_t0 )) s"

# The arm64 image, booted in QEMU (TCG) twice (enrollment and opinions by taps, a
# power cut, the redelivery: firmware/test/boot_test.py); needs the arm64 packages.
# Then system updates on that same image (firmware/test-update.sh --no-build:
# scenarios 1 and 4; MQ_SLOW=1 adds 2 and 3), only when this run built it.
img=0 img_ran="" upd=0 upd_ran=""
if [ -z "${MQ_SKIP_IMAGE:-}" ] && [ -z "${MQ_SKIP_ARM64:-}" ] && command -v qemu-system-aarch64 >/dev/null; then
  img_ran=1
  img_stamp=$(mktemp)
  firmware/test-image.sh --no-package || img=1
  upd_ran=1
  if [ dist/minqing-qemu-virt-arm64.img -nt "$img_stamp" ]; then
    upd_t0=$(date +%s)
    firmware/test-update.sh --no-build | tee build-image/update-test.log
    upd=${PIPESTATUS[0]}
    echo "=== update test: $(( $(date +%s) - upd_t0 )) s"
  else
    echo "=== update test: not run (this run built no image)"; upd=1
  fi
  rm -f "$img_stamp"
else
  echo "=== image and update test: skipped (MQ_SKIP_IMAGE, MQ_SKIP_ARM64, or no qemu-system-aarch64)"
fi

echo "=== native: $(grep -h 'tests passed' build-test/ctest.log)"
# The PostgreSQL suites' share of that (label pg: the cluster, every NAME_pg,
# multi_instance, migrate-db), summed over its tests: at -j2 they take about half that.
echo "=== of which PostgreSQL: $(sed -n 's/^pg *= *//p' build-test/ctest.log)"
[ -z "${MQ_SKIP_ARM64:-}" ] && echo "=== arm64:  $(grep -h 'tests passed' build-arm64/ctest.log)"
[ "$fuzz" -eq 0 ] && echo "=== fuzz: no crash" || echo "=== fuzz: FAILED"
[ "$pkg" -eq 0 ] && echo "=== packages: lintian clean, install test passed" || echo "=== packages: FAILED"
[ -z "$img_ran" ] || { [ "$img" -eq 0 ] && echo "=== image: boot test passed" || echo "=== image: FAILED"; }
[ -z "$upd_ran" ] || { [ "$upd" -eq 0 ] && echo "=== update test: $(grep -h '^scenario ' build-image/update-test.log 2>/dev/null | tr '\n' ';')" \
  || echo "=== update test: FAILED: $(grep -h '^scenario ' build-image/update-test.log 2>/dev/null | tr '\n' ';')"; }
# One closing line over everything: ctest's counts plus the fuzz run as one test.
total=0 failed=0
for log in build-test/ctest.log build-arm64/ctest.log; do
  [ -f "$log" ] || continue
  [ "$log" = build-arm64/ctest.log ] && [ -n "${MQ_SKIP_ARM64:-}" ] && continue
  line=$(grep -h 'tests failed out of' "$log" | tail -1)
  total=$((total + $(echo "$line" | sed -n 's/.*out of \([0-9]*\).*/\1/p')))
  failed=$((failed + $(echo "$line" | sed -n 's/.* \([0-9]*\) tests failed.*/\1/p')))
done
total=$((total + 1)); [ "$fuzz" -eq 0 ] || failed=$((failed + 1))
total=$((total + 1)); [ "$pkg" -eq 0 ] || failed=$((failed + 1))
if [ -n "$img_ran" ]; then total=$((total + 1)); [ "$img" -eq 0 ] || failed=$((failed + 1)); fi
if [ -n "$upd_ran" ]; then total=$((total + 1)); [ "$upd" -eq 0 ] || failed=$((failed + 1)); fi
echo "$((total - failed)) passed, $failed failed"
[ "$native" -eq 0 ] && [ "$fuzz" -eq 0 ] && [ "$arm" -eq 0 ] && [ "$pkg" -eq 0 ] && [ "$img" -eq 0 ] && [ "$upd" -eq 0 ]
