#!/bin/bash
# bench/server.sh — how fast minqing-server answers, as whole processes on
# this machine, with wrk (figures, not a pass/fail test):
#
#   track     GET /t/{token}: the resident's tracking page (one opinion
#             read with its history, rendered and escaped), requests/s, p99.
#   records   POST /api/v1/records: a signed kiosk request storing one new
#             opinion (signature check, nonce, one durable transaction).
#             Every request is signed in advance with its own nonce, so
#             none is refused as a replay; wrk cycles through them.
#   ceiling   nginx serving the same tracking page as a static file, in the
#             same run on the same machine: what the network stack and wrk
#             can do here at all.
#
#   baseline  with MQ_BENCH_BASELINE=/path/to/an/older/minqing-server, the
#             tracking page from that binary too, on a copy of the same
#             database (made before the newer binary migrates it), in
#             turn with the others in the same run (a before/after ratio).
#   callgrind with MQ_BENCH_CALLGRIND=1, the instructions a page of each
#             binary, which do not depend on the machine's load.
#
#   wrk's connections all come from 127.0.0.1, and the server's guard admits
#   at most 32 connections per address (server/http/guard.h) — except from
#   the reverse proxies of [server] trusted_proxy, behind which every
#   resident is. The bench runs the server as a deployment behind nginx
#   does (docs/DEPLOY.md): 127.0.0.1 is the trusted proxy, so all the
#   connections reach the page. The default stays as it is.
#
# Usage: bench/server.sh [SECONDS] [CONNECTIONS]   (defaults 10 s, 100)
# Needs wrk and nginx (Debian: wrk, nginx-light); installs them when root.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
. "$root/bench/lib.sh"
secs=${1:-10}
conns=${2:-100}
threads=2
for tool in wrk:wrk nginx:nginx-light; do
  command -v "${tool%%:*}" >/dev/null || [ -x "/usr/sbin/${tool%%:*}" ] || {
    [ "$(id -u)" = 0 ] || { echo "install ${tool#*:} first" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${tool#*:}" >/dev/null
  }
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target minqing-server >/dev/null
server="$build/server/minqing-server"
work=$(mktemp -d "$build/server-run-XXXXXX")
NGINX_PID='' BASE_PID=''
trap '[ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null; [ -n "$BASE_PID" ] && kill "$BASE_PID" 2>/dev/null; stop_server; rm -rf "$work"' EXIT

# With a baseline, the older binary makes the database and stores the first
# opinion, and keeps a copy of it: a newer binary's migrations would make the
# database one the older cannot open.
maker=${MQ_BENCH_BASELINE:-$server}
"$maker" seed-demo --db "sqlite:$work/server.db" 2>/dev/null
printf '[server]\ntrusted_proxy = 127.0.0.1\n' >"$work/server.ini"
export SERVER_ARGS="--config $work/server.ini"
code=$("$maker" kiosk-code --studio hubin --db "sqlite:$work/server.db")
start_server "$maker" "$work/server.db" "$work/server.log" >/dev/null
curl -fsS -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" \
  "$SERVER_URL/api/v1/enroll" >"$work/device.json"

# signed REQUESTS FILE: one signed POST /api/v1/records per line (tab-separated
# path, headers and body), each with a new opinion and its own nonce; the
# first one is sent at once so that the tracking page has an opinion.
python3 "$root/bench/sign-records.py" "$work/device.json" "$work/requests.tsv" "$work/token" "$((secs * 4000 + 5000))"
send_first "$work/requests.tsv" "$SERVER_URL"
if [ -n "${MQ_BENCH_BASELINE:-}" ]; then
  stop_server
  sqlite3 "$work/server.db" ".backup '$work/baseline.db'"
  # a port of its own: start_server's first choice is the same every time
  start_server "$MQ_BENCH_BASELINE" "$work/baseline.db" "$work/baseline.log" \
    $(( 30000 + ($$ + 7919) % 20000 )) >/dev/null
  BASE_PID=$SERVER_PID BASE_URL=$SERVER_URL SERVER_PID=
  start_server "$server" "$work/server.db" "$work/server.log" >/dev/null
fi
tail -n +2 "$work/requests.tsv" >"$work/rest.tsv"
token=$(cat "$work/token")


# The same page as a static file behind nginx: the ceiling.
mkdir -p "$work/www/t" "$work/nginx"
curl -fsS "$SERVER_URL/t/$token" -o "$work/www/t/page.html"
chmod 755 "$work" && chmod -R a+rX "$work/www"   # nginx workers run unprivileged
nport=$(( 30000 + ($$ % 20000) ))
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes $threads;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  types { text/html html; }
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
"$nginx" -c "$work/nginx/nginx.conf" -g "daemon off;" 2>"$work/nginx/stderr" &
NGINX_PID=$!
wait_until 10 curl -fsS "http://127.0.0.1:$nport/t/page.html" || { echo "nginx did not start:" >&2; cat "$work/nginx/stderr" "$work/nginx/error.log" >&2; exit 1; }

echo "minqing-server bench: $(nproc) cores, wrk -t$threads -c$conns -d${secs}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# the page, its ceiling and the baseline's page (when given) in turn,
# MQ_BENCH_RUNS times (default 3): each line, then the medians and the
# page's share of nginx's rate
: >"$work/track.txt"; : >"$work/nginx.txt"; : >"$work/base.txt"
for _ in $(seq "${MQ_BENCH_RUNS:-3}"); do
  RUN_PID=$SERVER_PID run "GET /t/{token} (minqing-server)" "$SERVER_URL/t/$token" | tee -a "$work/track.txt"
  run "GET /t/page.html (nginx, static)" "http://127.0.0.1:$nport/t/page.html" | tee -a "$work/nginx.txt"
  [ -z "${MQ_BENCH_BASELINE:-}" ] ||
    RUN_PID=$BASE_PID run "GET /t/{token} (baseline binary)" "$BASE_URL/t/$token" | tee -a "$work/base.txt"
done
# with MQ_BENCH_CALLGRIND=1: the instructions (user space) each binary
# executes per page, counted by callgrind — a figure that does not depend on
# what else the machine runs. Two runs of one keep-alive client, 100 and
# 600 pages; the difference over 500 pages leaves start-up and exit out.
# The profile of the 600 stays in build-bench/callgrind-track-*.out.
if [ -n "${MQ_BENCH_CALLGRIND:-}" ]; then
  pages() {   # URL N
    python3 - "$1" "$2" <<'PY'
import http.client, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port)
for _ in range(int(sys.argv[2])):
    c.request("GET", u.path)
    r = c.getresponse()
    assert r.status == 200 and b"</html>" in r.read()
PY
  }
  irs() {   # BIN N DB: the instructions of one server process serving N pages
    sqlite3 "$work/$3.db" ".backup '$work/cg.db'"
    rm -f "$work/cg.out"
    printf '#!/bin/sh\nexec valgrind -q --tool=callgrind --callgrind-out-file=%s %s "$@"\n' \
      "$work/cg.out" "$1" >"$work/cg.sh"
    chmod +x "$work/cg.sh"
    SERVER_PID=
    start_server "$work/cg.sh" "$work/cg.db" "$work/cg.log" $(( 30000 + ($$ + 4999) % 20000 )) >/dev/null
    pages "$SERVER_URL/t/$token" "$2"
    stop_server
    callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  }
  keep_pid=$SERVER_PID keep_url=$SERVER_URL
  for b in "minqing-server:$server:server" ${MQ_BENCH_BASELINE:+"baseline binary:$MQ_BENCH_BASELINE:baseline"}; do
    IFS=: read -r name bin db <<<"$b"
    a=$(irs "$bin" 100 "$db"); z=$(irs "$bin" 600 "$db")
    cp "$work/cg.out" "$build/callgrind-track-$db.out"   # for callgrind_annotate
    echo "GET /t/{token} ($name): $(( (z - a) / 500 )) instructions a page (callgrind, user space)"
  done
  SERVER_PID=$keep_pid SERVER_URL=$keep_url
fi
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p99ms() { awk '{for (i=1;i<NF;i++) if ($i=="p99") {v=$(i+1); if (v ~ /us$/) v=v/1000; else if (v ~ /ms$/) v=v+0; else if (v ~ /s$/) v=v*1000; print v}}'; }
tr=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="req/s") print $i}' "$work/track.txt" | med)
nr=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="req/s") print $i}' "$work/nginx.txt" | med)
cpu() { awk '{for (i=1;i<NF;i++) if ($i=="CPU") print $(i+1)}' | med; }
echo "medians: /t/{token} $tr req/s, p99 $(p99ms <"$work/track.txt" | med) ms, CPU $(cpu <"$work/track.txt") us a page;" \
  "nginx $nr req/s, p99 $(p99ms <"$work/nginx.txt" | med) ms;" \
  "the page at $(awk -v a="$tr" -v b="$nr" 'BEGIN {printf "%.0f", 100 * a / b}') % of nginx"
if [ -n "${MQ_BENCH_BASELINE:-}" ]; then
  br=$(awk '{for (i=1;i<NF;i++) if ($(i+1)=="req/s") print $i}' "$work/base.txt" | med)
  echo "baseline: /t/{token} $br req/s, p99 $(p99ms <"$work/base.txt" | med) ms, CPU $(cpu <"$work/base.txt") us a page;" \
    "$(awk -v a="$br" -v b="$nr" 'BEGIN {printf "%.0f", 100 * a / b}') % of nginx;" \
    "the page at $(awk -v a="$tr" -v b="$br" 'BEGIN {printf "%.2f", a / b}')× the baseline"
  kill "$BASE_PID" 2>/dev/null || true; wait "$BASE_PID" 2>/dev/null || true; BASE_PID=
fi
run "POST /api/v1/records (1 opinion)" "$SERVER_URL/api/v1/records" "$root/bench/records.lua" "$work/rest.tsv" "$threads"
stored=$(sqlite3 "$work/server.db" 'SELECT count(*) FROM opinions')
echo "opinions stored: $stored"
# what the server said about it: refusals and busy retries show here
grep -E ' (warn|error) ' "$work/server.log" | sed -E 's/^[^ ]+ //; s/[0-9a-f-]{36}/ID/g; s/[0-9]+/N/g' |
  sort | uniq -c | sort -rn | head -5
