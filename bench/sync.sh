#!/bin/bash
# bench/sync.sh — how fast the kiosk's queue fills and drains, as whole
# processes on this machine (figures, not a pass/fail test).
#
#   filing   mq-fill files N opinions through mq_store_add_opinion (one
#            transaction each, WAL, synchronous=FULL): commits/s, beside
#            the raw rate of synchronous 4 KiB writes to the same disk
#            (dd oflag=dsync), the ceiling for durable commits.
#   drain    `minqing-kiosk sync --once` pushes N queued records to a local
#            minqing-server: records/s batched (100 a request) and, as the
#            baseline in the same run, one request per record (sync_batch=1).
#
# Each figure is the median of RUNS runs.  Usage: bench/sync.sh [N] [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
n=${1:-10000}
runs=${2:-3}
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMQ_TESTS=ON -DMQ_SANITIZE=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target minqing-server minqing-kiosk mq-fill >/dev/null
server="$build/server/minqing-server" kiosk="$build/app/minqing-kiosk" fill="$build/tests/mq-fill"
work=$(mktemp -d "$root/build-bench/run-XXXXXX")   # on the project's disk, like a kiosk's data dir
trap 'stop_server; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN {printf "%.0f\n", n / (e - s)}'; }

# fresh_pair BATCH — a new server database and an enrolled kiosk with N queued records
fresh_pair() {
  stop_server
  rm -rf "$work/s" "$work/k"; mkdir -p "$work/s" "$work/k"
  "$server" seed-demo --db "sqlite:$work/s/server.db" >/dev/null 2>&1
  start_server "$server" "$work/s/server.db" "$work/s/log" >/dev/null
  code=$("$server" kiosk-code --studio hubin --db "sqlite:$work/s/server.db" 2>/dev/null)
  printf '[kiosk]\ndata_dir = %s\nserver_url = %s\nsync_batch = %s\n' "$work/k" "$SERVER_URL" "$1" >"$work/k.ini"
  "$kiosk" enroll --server "$SERVER_URL" --code "$code" --config "$work/k.ini" >/dev/null 2>&1
  t0=$(now); "$fill" "$work/k" "$n" bench >/dev/null 2>&1; t1=$(now)
  echo "$(rate "$n" "$t0" "$t1")" >>"$work/fill.rates"
}

drain() {
  t0=$(now)
  "$kiosk" sync --once --config "$work/k.ini" >/dev/null 2>&1 || { echo "drain failed" >&2; exit 1; }
  t1=$(now)
  [ "$(sqlite3 "$work/s/server.db" 'SELECT COUNT(*) FROM records')" = "$n" ] || { echo "not all records arrived" >&2; exit 1; }
  rate "$n" "$t0" "$t1"
}

for _ in $(seq "$runs"); do
  dd if=/dev/zero of="$work/dsync" bs=4k count=2000 oflag=dsync 2>&1 \
    | awk '/copied/ {for (i=1;i<=NF;i++) if ($i=="s,") print int(2000/$(i-1))}' >>"$work/fsync.rates"
  fresh_pair 100; drain >>"$work/batched.rates"
  fresh_pair 1;   drain >>"$work/single.rates"
done

fsync=$(median <"$work/fsync.rates") filing=$(median <"$work/fill.rates")
batched=$(median <"$work/batched.rates") single=$(median <"$work/single.rates")
echo "records: $n, runs: $runs (medians), $(nproc) cores, $(uname -m)"
echo "raw synchronous 4 KiB writes (dd oflag=dsync):  $fsync /s"
echo "filing commits (mq_store_add_opinion):           $filing /s   ($(awk -v a="$filing" -v b="$fsync" 'BEGIN {printf "%.2f", a/b}') x raw)"
echo "drain, one request per record (baseline):        $single records/s"
echo "drain, batched 100 a request:                    $batched records/s   ($(awk -v a="$batched" -v b="$single" 'BEGIN {printf "%.1f", a/b}') x baseline)"
