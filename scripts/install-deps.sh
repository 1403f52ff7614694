#!/bin/sh
# Installs whatever minqing needs that is missing. Idempotent: a second run
# installs nothing. Usage: scripts/install-deps.sh [--arm64]
#   --arm64  also the cross toolchain, qemu and the :arm64 libraries (CI does this).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# packages.txt: one package a line; lines after "[arm64]" only with --arm64.
wanted=$(sed -e '/^\[arm64\]/q' -e '/^#/d' -e '/^$/d' "$here/packages.txt" | grep -v '^\[')
if [ "${1:-}" = "--arm64" ]; then
  wanted="$wanted $(sed -n '/^\[arm64\]/,$p' "$here/packages.txt" | grep -v -e '^#' -e '^\[' -e '^$')"
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "install-deps: enabling the arm64 architecture (multiarch)"
    dpkg --add-architecture arm64
    stale=1
  fi
fi

missing=""
for pkg in $wanted; do
  # dpkg-query knows "name:arch" too; "install ok installed" is the only good state
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
if [ -z "$missing" ]; then
  echo "install-deps: everything is installed"
  exit 0
fi
echo "install-deps: installing$missing"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: run as root (or with sudo) to install packages" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists when they are missing or the arch was just added.
if [ -n "${stale:-}" ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends $missing || {
  apt-get update -q && apt-get install -y -q --no-install-recommends $missing; }
