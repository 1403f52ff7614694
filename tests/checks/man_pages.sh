#!/bin/sh
# Every command a program's --help lists is described in its manual page
# (docs/man), so the page the package installs never falls behind.
# usage: man_pages.sh PROGRAM MANPAGE
set -u
prog=$1 page=$2
name=$(basename "$prog")
cmds=$("$prog" --help 2>&1 | sed -n "s/^ *\(usage: \)\{0,1\}$name \([a-z][a-z-]*\).*/\2/p" | sort -u)
[ -n "$cmds" ] || { echo "FAIL: $name --help lists no commands"; exit 1; }
missing=""
for c in $cmds; do
	# roff escapes the hyphen: kiosk-code is written kiosk\-code
	grep -q -- "$(printf '%s' "$c" | sed 's/-/\\\\-/g')\|$c" "$page" || missing="$missing $c"
done
[ -z "$missing" ] || { echo "FAIL: $page does not describe:$missing"; exit 1; }
echo "ok: $page describes$(echo $cmds | sed 's/^/ /')"
