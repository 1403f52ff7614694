#!/bin/sh
# check.sh GOLDEN_DIR COMMAND... — runs COMMAND with a fresh output folder as
# its last argument and compares what it wrote with GOLDEN_DIR, file by file
# and byte for byte. MQ_GOLDEN_UPDATE=1 replaces GOLDEN_DIR with the new
# output instead (after a change that is meant to change answers: review the
# diff with git before committing it).
set -eu
golden=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/mq-golden-XXXXXX")
trap 'rm -rf "$work"' EXIT
"$@" "$work/out" >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "check.sh: $* failed" >&2; exit 1; }
if [ -n "${MQ_GOLDEN_UPDATE:-}" ]; then
	rm -rf "$golden"
	mkdir -p "$golden"
	cp -R "$work/out/." "$golden/"
	echo "check.sh: $golden rewritten ($(ls "$golden" | wc -l) files)"
	exit 0
fi
if ! diff -r -u "$golden" "$work/out" >"$work/diff"; then
	head -c 20000 "$work/diff"
	echo "check.sh: the output differs from $golden (MQ_GOLDEN_UPDATE=1 rewrites it)" >&2
	exit 1
fi
echo "check.sh: $(ls "$golden" | wc -l) files identical to $golden"
