#!/bin/sh
# Builds the Debian packages of both programs from debian/ (debhelper 13,
# CMake) into dist/:
#   dist/minqing-kiosk_<ver>_<arch>.deb  dist/minqing-server_<ver>_<arch>.deb
# for amd64 (native) and arm64 (cross, with the :arm64 libraries that
# scripts/install-deps.sh --arm64 installs), then runs lintian on them.
#   scripts/package.sh              both architectures
#   scripts/package.sh arm64        one of them
# Each build runs in a copy of the tree under build-deb/ (dpkg-buildpackage
# writes its results next to the source, and the two architectures must not
# share a build directory). MQ_NICE (default 10) is the builds' nice level.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
archs=${*:-amd64 arm64}
jobs=$(nproc 2>/dev/null || echo 2)

for a in $archs; do
  case $a in amd64|arm64) ;; *) echo "package.sh: unknown architecture '$a' (amd64, arm64)" >&2; exit 2;; esac
done
case " $archs " in
  *" arm64 "*) scripts/install-deps.sh --arm64 ;;
  *) scripts/install-deps.sh ;;
esac

# One version: CMake's project() is the source of truth, debian/changelog
# must agree (a new version is a new changelog entry: dch -v VERSION).
version=$(sed -n 's/^project(minqing VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
deb_version=$(dpkg-parsechangelog -S Version)
if [ "$version" != "$deb_version" ]; then
  echo "package.sh: CMakeLists.txt says $version but debian/changelog says $deb_version;" \
       "add a changelog entry (dch -v $version) or fix the project version" >&2
  exit 1
fi

mkdir -p dist
t0=$(date +%s)
for arch in $archs; do
  started=$(date +%s)
  work="build-deb/$arch"
  src="$work/minqing-$version"
  echo "=== package $arch: copying the tree to $src"
  rm -rf "$work"
  mkdir -p "$src"
  # What git knows plus new files not ignored: a clean clone and a work tree
  # in progress build the same way; build outputs never enter the copy.
  git ls-files -z --cached --others --exclude-standard \
    | xargs -0 -I{} sh -c '[ -e "{}" ] && printf "%s\0" "{}" || true' \
    | tar --null -T - -cf - | tar -xf - -C "$src"
  echo "=== package $arch: dpkg-buildpackage (nice ${MQ_NICE:-10}, $jobs jobs)"
  cross=""
  [ "$arch" = "$(dpkg --print-architecture)" ] || cross="-a $arch"
  # shellcheck disable=SC2086
  if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=$jobs" \
        nice -n "${MQ_NICE:-10}" dpkg-buildpackage -us -uc -b $cross \
        >"../build.log" 2>&1); then
    echo "package.sh: the $arch build failed; the end of $work/build.log:" >&2
    tail -30 "$work/build.log" >&2
    exit 1
  fi
  for p in minqing-kiosk minqing-server; do
    f="${p}_${version}_${arch}.deb"
    [ -f "$work/$f" ] || { echo "package.sh: $work/$f was not built (see $work/build.log)" >&2; exit 1; }
    cp "$work/$f" dist/
  done
  echo "=== package $arch: dist/minqing-{kiosk,server}_${version}_$arch.deb ($(( $(date +%s) - started )) s)"
done

echo "=== lintian"
debs=""
for arch in $archs; do debs="$debs dist/minqing-kiosk_${version}_$arch.deb dist/minqing-server_${version}_$arch.deb"; done
# shellcheck disable=SC2086
lintian --info --display-level '>=pedantic' --no-tag-display-limit $debs >build-deb/lintian.log 2>&1 || true
errors=$(grep -c '^E: ' build-deb/lintian.log || true)
warnings=$(grep -c '^W: ' build-deb/lintian.log || true)
grep -E '^(E|W): ' build-deb/lintian.log | sed 's/^/  /' || true
echo "=== lintian: $errors errors, $warnings warnings, $(grep -c '^[IPX]: ' build-deb/lintian.log || true) info/pedantic (build-deb/lintian.log)"
[ "$errors" -eq 0 ] || { echo "package.sh: lintian found errors (above)" >&2; exit 1; }
# How exposed the services are (systemd's own scoring: 0 best, 10 worst;
# below 2 is "OK"), for the units as packaged.
echo "=== systemd-analyze security (offline, the units as packaged)"
units=build-deb/units
rm -rf "$units"
mkdir -p "$units"
first=$(echo "$archs" | cut -d' ' -f1)
dpkg-deb -x "dist/minqing-server_${version}_$first.deb" "$units"
dpkg-deb -x "dist/minqing-kiosk_${version}_$first.deb" "$units"
for u in minqing-server.service minqing-reminders.service minqing-kiosk.service; do
  (cd "$units/lib/systemd/system" && systemd-analyze security --offline=yes --no-pager "$u" 2>/dev/null | tail -1 | sed 's/^/  /')
done
echo "=== packages built in $(( $(date +%s) - t0 )) s"
