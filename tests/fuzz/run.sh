#!/bin/bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for a
# bounded time from its corpus in tests/fuzz/corpus/<target>/.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]   (default 20; CI uses the default)
# A crash leaves its input in build-fuzz/crashes/: copy it into the target's
# corpus folder, fix the bug, and it stays a regression test for ever after
# (every normal build replays the corpus: ctest -R _corpus).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
build="$root/build-fuzz"
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DMQ_FUZZ=ON -DMQ_SANITIZE=ON \
  >/dev/null || exit 1
cmake --build "$build" -j"$(nproc)" --target fuzz_sig fuzz_answer fuzz_records >/dev/null || exit 1
mkdir -p "$build/crashes"
status=0
for t in fuzz_sig fuzz_answer fuzz_records; do
  work=$(mktemp -d)
  echo "=== $t for ${secs}s"
  if ! "$build/tests/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$build/crashes/$t-" "$work" "$root/tests/fuzz/corpus/$t" \
        >"$build/$t.log" 2>&1; then
    echo "FAIL: $t found a crash; input in $build/crashes/ — log: $build/$t.log"
    tail -30 "$build/$t.log"
    status=1
  else
    grep -E '^#[0-9]+.*(DONE|pulse)' "$build/$t.log" | tail -1
  fi
  rm -rf "$work"
done
[ $status = 0 ] && echo "fuzz: no crash in $((secs * 3))s of fuzzing"
exit $status
