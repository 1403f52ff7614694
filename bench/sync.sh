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
#            baseline in the same run, one request per record (sync_batch=1);
#            then both again net of a round's fixed cost, which is no part
#            of draining: a first `sync --once` with nothing queued (start-up,
#            the state's pull, the heartbeat), timed on a fresh pair whose
#            kiosk store exists, as a drain's does.
#
# Each figure is the median of RUNS runs.  Usage: bench/sync.sh [N] [RUNS]
# MQ_SYNC_BASELINE=DIR (a directory holding minqing-server, minqing-kiosk and
# mq-fill of another build, e.g. main's) runs those in turn with this build's,
# in the same runs, and prints their figures beside.
# MQ_SYNC_CALLGRIND=BATCH counts instructions instead (valgrind's callgrind,
# independent of the machine's load): one drain of N records, BATCH a
# request, per build — the server from just before the drain to just after,
# the kiosk's whole `sync --once`.  MQ_SYNC_CALLGRIND_OUT=DIR keeps the
# profiles there (kiosk.cg, server.cg; base.* for the baseline) for
# callgrind_annotate.
# MQ_SYNC_SNAPSHOT=PAIRS drains one filled queue (copied before each drain)
# PAIRS times with this build's server and, with MQ_SYNC_BASELINE, the
# baseline's in turn (this build's kiosk both times): the drain's wall time,
# the server's CPU and its WAL's size at the end, without the filing's
# variance; MQ_SYNC_SNAPSHOT_BATCH (default 100) records a request.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
n=${1:-10000}
runs=${2:-3}
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMQ_TESTS=ON -DMQ_SANITIZE=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target minqing-server minqing-kiosk mq-fill >/dev/null
base=${MQ_SYNC_BASELINE:-}
if [ -n "$base" ]; then
  for b in minqing-server minqing-kiosk mq-fill; do
    [ -x "$base/$b" ] || { echo "MQ_SYNC_BASELINE: no $base/$b" >&2; exit 2; }
  done
fi
# use new|base — which build's binaries the next pair runs
use() {
  if [ "$1" = base ]; then
    server="$base/minqing-server" kiosk="$base/minqing-kiosk" fill="$base/mq-fill" tag=base.
  else
    server="$build/server/minqing-server" kiosk="$build/app/minqing-kiosk"
    fill="$build/tests/mq-fill" tag=
  fi
}
use new
work=$(mktemp -d "$root/build-bench/run-XXXXXX")   # on the project's disk, like a kiosk's data dir
trap 'stop_server; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN {printf "%.0f\n", n / (e - s)}'; }

# fresh_pair BATCH [COUNT] — a new server database and an enrolled kiosk with
# COUNT (default N) queued records
fresh_pair() {
  stop_server
  rm -rf "$work/s" "$work/k"; mkdir -p "$work/s" "$work/k"
  "$server" seed-demo --db "sqlite:$work/s/server.db" >/dev/null 2>&1
  start_server "$server" "$work/s/server.db" "$work/s/log" >/dev/null
  code=$("$server" kiosk-code --studio hubin --db "sqlite:$work/s/server.db" 2>/dev/null)
  printf '[kiosk]\ndata_dir = %s\nserver_url = %s\nsync_batch = %s\n' "$work/k" "$SERVER_URL" "$1" >"$work/k.ini"
  "$kiosk" enroll --server "$SERVER_URL" --code "$code" --config "$work/k.ini" >/dev/null 2>&1
  if [ "${2:-$n}" = 0 ]; then
    # the store made as a drain's is (its migrations are no part of a round);
    # this build's mq-fill: a baseline's may not take 0 (same store version)
    "$build/tests/mq-fill" "$work/k" 0 >/dev/null 2>&1
    return
  fi
  t0=$(now); "$fill" "$work/k" "$n" bench >/dev/null 2>&1; t1=$(now)
  echo "$(rate "$n" "$t0" "$t1")" >>"$work/${tag}fill.rates"
}

# empty_round — ms of a first `sync --once` with nothing queued: the round's
# fixed cost (start-up, the state's pull, the heartbeat), part of every drain
empty_round() {
  local t0 t1
  t0=$(now)
  "$kiosk" sync --once --config "$work/k.ini" >/dev/null 2>&1 || { echo "empty round failed" >&2; exit 1; }
  t1=$(now)
  awk -v s="$t0" -v e="$t1" 'BEGIN {printf "%.1f\n", (e - s) * 1000}'
}

drain() {
  t0=$(now)
  "$kiosk" sync --once --config "$work/k.ini" >/dev/null 2>&1 || { echo "drain failed" >&2; exit 1; }
  t1=$(now)
  [ "$(sqlite3 "$work/s/server.db" 'SELECT COUNT(*) FROM records')" = "$n" ] || { echo "not all records arrived" >&2; exit 1; }
  rate "$n" "$t0" "$t1"
}

# callgrind_drain BATCH — instructions of the kiosk and the server for one drain
callgrind_drain() {
  stop_server
  rm -rf "$work/s" "$work/k" "$work"/*.cg*; mkdir -p "$work/s" "$work/k"
  "$server" seed-demo --db "sqlite:$work/s/server.db" >/dev/null 2>&1
  port=$(( 20000 + ($$ * 7 + RANDOM) % 30000 ))
  valgrind -q --tool=callgrind --callgrind-out-file="$work/server.cg" "$server" serve \
    --db "sqlite:$work/s/server.db" --listen "127.0.0.1:$port" >>"$work/s/log" 2>&1 &
  SERVER_PID=$! SERVER_URL="http://127.0.0.1:$port"
  wait_until 120 curl -fsS "$SERVER_URL/healthz" || { echo "server did not start" >&2; exit 1; }
  code=$("$server" kiosk-code --studio hubin --db "sqlite:$work/s/server.db" 2>/dev/null)
  printf '[kiosk]\ndata_dir = %s\nserver_url = %s\nsync_batch = %s\n' "$work/k" "$SERVER_URL" "$1" >"$work/k.ini"
  "$kiosk" enroll --server "$SERVER_URL" --code "$code" --config "$work/k.ini" >/dev/null 2>&1
  "$fill" "$work/k" "$n" bench >/dev/null 2>&1
  callgrind_control -z "$SERVER_PID" >/dev/null 2>&1
  valgrind -q --tool=callgrind --callgrind-out-file="$work/kiosk.cg" "$kiosk" sync --once \
    --config "$work/k.ini" >/dev/null 2>&1 || { echo "drain failed" >&2; exit 1; }
  callgrind_control -d "$SERVER_PID" >/dev/null 2>&1
  [ "$(sqlite3 "$work/s/server.db" 'SELECT COUNT(*) FROM records')" = "$n" ] \
    || { echo "not all records arrived" >&2; exit 1; }
  total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'; }
  echo "  kiosk $(total "$work/kiosk.cg"), server $(total "$(ls "$work"/server.cg.* | head -1)") instructions"
  if [ -n "${MQ_SYNC_CALLGRIND_OUT:-}" ]; then
    mkdir -p "$MQ_SYNC_CALLGRIND_OUT"
    cp "$work/kiosk.cg" "$MQ_SYNC_CALLGRIND_OUT/${tag}kiosk.cg"
    cp "$(ls "$work"/server.cg.* | head -1)" "$MQ_SYNC_CALLGRIND_OUT/${tag}server.cg"
  fi
}
if [ -n "${MQ_SYNC_CALLGRIND:-}" ]; then
  echo "records: $n, $MQ_SYNC_CALLGRIND a request, instructions (callgrind)"
  for b in new ${base:+base}; do
    use "$b"; if [ "$b" = new ]; then echo "this build:"; else echo "MQ_SYNC_BASELINE ($base):"; fi
    callgrind_drain "$MQ_SYNC_CALLGRIND"
  done
  exit 0
fi

# snapshot_drain BUILD — one drain of a copy of the filled queue by BUILD's server
snapshot_drain() {
  local srv="$build/server/minqing-server" c0 c1 t0 t1 wal
  [ "$1" = base ] && srv="$base/minqing-server"
  rm -rf "$work/s" "$work/k"; cp -a "$work/s0" "$work/s"; cp -a "$work/k0" "$work/k"; sync
  start_server "$srv" "$work/s/server.db" "$work/s/log" "${SERVER_URL##*:}" >/dev/null
  c0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"); t0=$(now)
  "$build/app/minqing-kiosk" sync --once --config "$work/k.ini" >/dev/null 2>&1 \
    || { echo "drain failed" >&2; exit 1; }
  t1=$(now); c1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  wal=$(stat -c %s "$work/s/server.db-wal")
  stop_server
  [ "$(sqlite3 "$work/s/server.db" 'SELECT COUNT(*) FROM records')" = "$n" ] \
    || { echo "not all records arrived" >&2; exit 1; }
  awk -v b="$1" -v s="$t0" -v e="$t1" -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v w="$wal" \
    'BEGIN {printf "  %-4s drain %5.0f ms, server CPU %4.0f ms, WAL %5.1f MB\n", b, (e - s) * 1000, c * 1000 / hz, w / 1e6}'
}
if [ -n "${MQ_SYNC_SNAPSHOT:-}" ]; then
  batch=${MQ_SYNC_SNAPSHOT_BATCH:-100}
  # With a baseline its server makes the server database: this build's server
  # migrates an older schema when it starts, a baseline refuses a newer one.
  use new; [ -n "$base" ] && server="$base/minqing-server"
  fresh_pair "$batch"; stop_server
  cp -a "$work/s" "$work/s0"; cp -a "$work/k" "$work/k0"
  echo "records: $n, $batch a request, one filled queue drained by each build's server in turn, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for pair in $(seq "$MQ_SYNC_SNAPSHOT"); do
    order="new ${base:+base}"; [ -n "$base" ] && [ $((pair % 2)) = 0 ] && order="base new"
    for b in $order; do snapshot_drain "$b"; done
  done
  echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
  dd if=/dev/zero of="$work/dsync" bs=4k count=2000 oflag=dsync 2>&1 \
    | awk '/copied/ {for (i=1;i<=NF;i++) if ($i=="s,") print int(2000/$(i-1))}' >>"$work/fsync.rates"
  # the builds take turns going first: the disk's load drifts within a run
  order="new ${base:+base}"; [ -n "$base" ] && [ $((run % 2)) = 0 ] && order="base new"
  for b in $order; do
    use "$b"
    fresh_pair 100; drain >>"$work/${tag}batched.rates"
    fresh_pair 1;   drain >>"$work/${tag}single.rates"
    fresh_pair 100 0; empty_round >>"$work/${tag}empty.ms"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a/b}'; }
# report TAG LABEL — the figures of one build
report() {
  filing=$(median <"$work/${1}fill.rates")
  batched=$(median <"$work/${1}batched.rates") single=$(median <"$work/${1}single.rates")
  echo "$2"
  echo "  filing commits (mq_store_add_opinion):         $filing /s   ($(awk -v a="$filing" -v b="$fsync" 'BEGIN {printf "%.2f", a/b}') x raw)"
  echo "  drain, one request per record (baseline):      $single records/s"
  echo "  drain, batched 100 a request:                  $batched records/s   ($(ratio "$batched" "$single") x one per record)"
  empty=$(median <"$work/${1}empty.ms")
  net_single=$(net "$single" "$empty") net_batched=$(net "$batched" "$empty")
  echo "  a round with nothing queued (start-up, state pull, heartbeat): $empty ms; net of it:"
  echo "    one request per record $net_single records/s, batched $net_batched records/s   ($(ratio "$net_batched" "$net_single") x)"
}
# net RATE MS — N records at RATE a second, less MS of the round's fixed cost
net() { awk -v n="$n" -v r="$1" -v ms="$2" 'BEGIN {printf "%.0f", n / (n / r - ms / 1000)}'; }
fsync=$(median <"$work/fsync.rates")
echo "records: $n, runs: $runs (medians), $(nproc) cores, $(uname -m), load average $load0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
echo "raw synchronous 4 KiB writes (dd oflag=dsync):  $fsync /s"
report "" "this build:"
if [ -n "$base" ]; then
  b_batched=$batched
  report base. "MQ_SYNC_BASELINE ($base), in the same runs:"
  echo "batched drain, this build / MQ_SYNC_BASELINE:  $(ratio "$b_batched" "$batched") x"
fi
