# bench/lib.sh — what the server benches share (sourced): sending the first
# pre-signed request (bench/sign-records.py) and wrk runs as one line each.

# send_first TSV URL — sends the first signed request of TSV (it must store)
send_first() {
  head -1 "$1" | python3 -c '
import sys, urllib.request
d, si, s, body = sys.stdin.read().rstrip("\n").split("\t")
req = urllib.request.Request(sys.argv[1] + "/api/v1/records", data=body.encode(), method="POST",
    headers={"Content-Type": "application/json", "Content-Digest": d, "Signature-Input": si, "Signature": s})
assert b"stored" in urllib.request.urlopen(req).read()' "$2"
}

# run NAME URL [SCRIPT ARGS...] — prints "NAME req/s p99 non-2xx", then the
# latency distribution (p50, p90) and, with RUN_PID set to the server's
# process, its CPU time (user + system, all threads) per request
run() {   # uses threads, conns, secs
  name=$1 url=$2; shift 2
  cpu0=
  [ -z "${RUN_PID:-}" ] || cpu0=$(awk '{print $14 + $15}' "/proc/$RUN_PID/stat")
  if [ $# -gt 0 ]; then
    script=$1; shift
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -s "$script" "$url" -- "$@")
  else
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$url")
  fi
  rps=$(awk '/^Requests\/sec/ {print int($2)}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  dist=$(awk '$1 == "50%" {a = $2} $1 == "90%" {b = $2} END {printf "p50 %s, p90 %s", a, b}' <<<"$out")
  if [ -n "$cpu0" ]; then
    cpu1=$(awk '{print $14 + $15}' "/proc/$RUN_PID/stat")
    dist="$dist, server CPU $(awk -v a="$cpu0" -v b="$cpu1" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
      -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) * 1e6 / hz / n}') us/req"
  fi
  printf '%-34s %8s req/s   p99 %-9s non-2xx %s   (%s)\n' "$name" "$rps" "$p99" "${bad:-0}" "$dist"
}
