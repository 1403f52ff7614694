#!/bin/sh
# selftest.sh SCRIPTS_DIR — shows that the code checks can fail: a tiny
# fake tree with a cycle between two modules, an undrawn dependency, a long
# function and a comment that points at an issue number must each be found,
# and the same tree put right must pass.
set -eu
scripts=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/mq-checks-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "selftest: $*" >&2; exit 1; }
cc=${CC:-cc}

# Two modules, server/a and server/b, each calling the other.
mkdir -p "$work/src/server/a" "$work/src/server/b" "$work/src/docs" \
         "$work/build/server/CMakeFiles/t.dir/a" "$work/build/server/CMakeFiles/t.dir/b"
printf 'int b_f(void);\nint a_f(void) { return b_f(); }\n' >"$work/src/server/a/a.c"
printf 'int a_f(void);\nint b_f(void) { return a_f(); }\n' >"$work/src/server/b/b.c"
build() {
	$cc -c "$work/src/server/a/a.c" -o "$work/build/server/CMakeFiles/t.dir/a/a.c.o"
	$cc -c "$work/src/server/b/b.c" -o "$work/build/server/CMakeFiles/t.dir/b/b.c.o"
}
build
printf '# map\n```deps\nserver/a -> server/b\nserver/b -> server/a\n```\n' >"$work/src/docs/ARCHITECTURE.md"
out=$(python3 "$scripts/check-deps.py" "$work/build" "$work/src") && fail "a cycle passed: $out"
echo "$out" | grep -q "a cycle between modules: server/a, server/b" || fail "cycle not named: $out"

# Downward only, but the map draws an edge the code does not have.
printf 'int b_f(void) { return 1; }\n' >"$work/src/server/b/b.c"
build
out=$(python3 "$scripts/check-deps.py" "$work/build" "$work/src") && fail "a stale map passed"
echo "$out" | grep -q "draws server/b -> server/a, which the code does not use" || fail "stale edge: $out"
printf '```deps\nserver/a\nserver/b\n```\n' >"$work/src/docs/ARCHITECTURE.md"
out=$(python3 "$scripts/check-deps.py" "$work/build" "$work/src") && fail "an undrawn edge passed"
echo "$out" | grep -q "server/a -> server/b (uses b_f) is not drawn" || fail "undrawn edge: $out"
printf '```deps\nserver/a -> server/b\nserver/b\n```\n' >"$work/src/docs/ARCHITECTURE.md"
python3 "$scripts/check-deps.py" "$work/build" "$work/src" >/dev/null || fail "a true map failed"

# A long function, then the same with a reason above it; an issue number.
{
	printf '/* a.c — test */\nint long_one(int x)\n{\n'
	i=0; while [ $i -lt 85 ]; do printf '\tx++;\n'; i=$((i + 1)); done
	printf '\treturn x;\n}\n'
} >"$work/src/server/a/a.c"
out=$(python3 "$scripts/check-code.py" "$work/src") && fail "a long function passed"
echo "$out" | grep -q "long_one() is 89 lines" || fail "long function: $out"
sed -i 's|^int long_one|/* Long because it is one straight list of steps. */\nint long_one|' "$work/src/server/a/a.c"
python3 "$scripts/check-code.py" "$work/src" >/dev/null || fail "an explained long function failed"
printf '/* kept for issue 6 */\n' >>"$work/src/server/b/b.c"
out=$(python3 "$scripts/check-code.py" "$work/src") && fail "an issue number passed"
echo "$out" | grep -q "b.c:2: points at an issue number" || fail "issue number: $out"
sed -i '$d' "$work/src/server/b/b.c"
printf '/* one */\n' >"$work/src/server/a/x.h"
printf '/* two */\n' >"$work/src/server/b/x.h"
out=$(python3 "$scripts/check-code.py" "$work/src") && fail "two headers of one name passed"
echo "$out" | grep -q "x.h: one header name in 2 places" || fail "header names: $out"
echo "selftest: the dependency and code checks find what they must"
